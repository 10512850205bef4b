import type { Model, Types } from 'mongoose';
import { defineModel, nullable, optional, required } from '../db/defineModel';

export interface UserDocument {
  _id: Types.ObjectId;
  /** Trimmed, lower-cased; unique. */
  email: string;
  name: string | null;
  /** bcrypt hash; never leaves the users/auth modules. */
  passwordHash: string;
  createdAt: Date;
  passwordChangedAt: Date;
  /**
   * Changes in the same write as the password hash; every session records the version it
   * was signed in under, and a session of another version is no longer live (sessions/
   * sessionGuard.ts, signIn/refresh.ts). Absent on accounts older than it: ''.
   */
  credentialVersion?: string;
  /** When the owner proved they read mail at `email` (a verification link or a password reset); absent until then. */
  emailVerifiedAt?: Date | null;
  /** The TOTP secret, AES-256-GCM under MFA_ENCRYPTION_KEY (security/secretBox.ts); present while MFA is on. */
  totpSecret?: string | null;
  /** The recovery-code set in force (mfa/mfaModels.ts); a new set voids the old one. */
  recoverySetId?: string | null;
}

export const userModel = defineModel<UserDocument>('User', 'users', {
  email: required(String),
  name: nullable(String),
  passwordHash: required(String),
  createdAt: required(Date),
  passwordChangedAt: required(Date),
  credentialVersion: optional(String),
  emailVerifiedAt: optional(Date),
  totpSecret: optional(String),
  recoverySetId: optional(String),
});
// Unique index: the single winner of two concurrent registrations of one email.
userModel.schema.index({ email: 1 }, { unique: true });

export type UserModel = Model<UserDocument>;
