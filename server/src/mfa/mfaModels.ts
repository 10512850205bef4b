// The collections of two-factor authentication. Every single-winner step (a TOTP
// time step, a recovery code, a pending login) is db/spends.ts's unique-index
// insert. Everything expires and is purged.
import { Schema } from 'mongoose';
import type { Model, Types } from 'mongoose';
import { defineModel, required } from '../db/defineModel';

/** A setup started and not yet confirmed: one per user (`_id` = user id). */
export interface TotpSetupDocument {
  _id: string;
  /** Sealed (security/secretBox.ts). */
  secret: string;
  expiresAt: Date;
}
export const totpSetupModel = defineModel<TotpSetupDocument>('TotpSetup', 'totp_setups', {
  _id: required(String),
  secret: required(String),
  expiresAt: required(Date),
});
export type TotpSetupModel = Model<TotpSetupDocument>;

/** Login step 1 passed for an account with MFA; keyed by the SHA-256 of the pending-login cookie. */
export interface PendingLoginDocument {
  _id: string;
  userId: Types.ObjectId;
  /** The credential version read with the password: a change since voids the pending login. */
  credentialVersion: string;
  newDevice: boolean;
  expiresAt: Date;
}
export const pendingLoginModel = defineModel<PendingLoginDocument>('PendingLogin', 'pending_logins', {
  _id: required(String),
  userId: required(Schema.Types.ObjectId),
  credentialVersion: { type: String, default: '' },
  newDevice: required(Boolean),
  expiresAt: required(Date),
});
export type PendingLoginModel = Model<PendingLoginDocument>;

/** One recovery code: `_id` = `<user id>:<set id>:<code id>`; the secret part only as a bcrypt hash. */
export interface RecoveryCodeDocument {
  _id: string;
  userId: Types.ObjectId;
  setId: string;
  hash: string;
  expiresAt: Date;
}
export const recoveryCodeModel = defineModel<RecoveryCodeDocument>('RecoveryCode', 'recovery_codes', {
  _id: required(String),
  userId: required(Schema.Types.ObjectId),
  setId: required(String),
  hash: required(String),
  expiresAt: required(Date),
});
recoveryCodeModel.schema.index({ userId: 1 });
export type RecoveryCodeModel = Model<RecoveryCodeDocument>;
