// The collections of passkeys. A challenge is spent once through db/spends.ts
// (the single-winner unique-index insert); challenges expire and are purged.
import { Schema } from 'mongoose';
import type { Model, Types } from 'mongoose';
import { defineModel, nullable, required } from '../db/defineModel';

/** One registered WebAuthn credential. `_id` is its credential id, unique across every account. */
export interface PasskeyDocument {
  /** base64url credential id, as the authenticator reports it. */
  _id: string;
  userId: Types.ObjectId;
  /** COSE public key, base64url. A public key: nothing secret is stored. */
  publicKey: string;
  /** The signature counter last seen; 0 for authenticators (synced passkeys) that keep none. */
  counter: number;
  transports: string[];
  name: string | null;
  /** Whether the credential is synced (backed up) to the user's other devices. */
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}
export const passkeyModel = defineModel<PasskeyDocument>('Passkey', 'passkeys', {
  _id: required(String),
  userId: required(Schema.Types.ObjectId),
  publicKey: required(String),
  counter: required(Number),
  transports: { type: [String], default: [] },
  name: nullable(String),
  backedUp: { type: Boolean, default: false },
  createdAt: required(Date),
  lastUsedAt: nullable(Date),
});
passkeyModel.schema.index({ userId: 1, createdAt: 1 });
export type PasskeyModel = Model<PasskeyDocument>;

/**
 * A challenge handed out by startPasskeyRegistration or startPasskeyLogin: `_id` is the
 * challenge itself (32 random bytes, base64url). Registration binds it to the signed-in user;
 * login to the browser, whose HttpOnly cookie carries it.
 */
export interface PasskeyChallengeDocument {
  _id: string;
  purpose: 'registration' | 'login';
  userId: Types.ObjectId | null;
  expiresAt: Date;
}
export const passkeyChallengeModel = defineModel<PasskeyChallengeDocument>('PasskeyChallenge', 'passkey_challenges', {
  _id: required(String),
  purpose: { type: String, enum: ['registration', 'login'], required: true },
  userId: nullable(Schema.Types.ObjectId),
  expiresAt: required(Date),
});
export type PasskeyChallengeModel = Model<PasskeyChallengeDocument>;
