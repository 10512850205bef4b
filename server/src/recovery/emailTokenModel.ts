// Tokens sent by email: one document per token issued, keyed by the token's
// SHA-256 (the token itself is never stored, so a copy of the database resets
// no password: OWASP Forgot Password cheat sheet, "store them securely").
// Spending one is the single-winner insert of db/spends.ts. Tokens expire and are
// purged like sessions.
import { Schema } from 'mongoose';
import type { Model, Types } from 'mongoose';
import { defineModel, required } from '../db/defineModel';

export const TokenPurpose = {
  PASSWORD_RESET: 'password_reset',
  EMAIL_VERIFICATION: 'email_verification',
} as const;
export type TokenPurpose = (typeof TokenPurpose)[keyof typeof TokenPurpose];

export interface EmailTokenDocument {
  /** SHA-256 of the token (base64url). */
  _id: string;
  userId: Types.ObjectId;
  purpose: TokenPurpose;
  /** The address the link went to: it proves that address, and only while it is the account's. */
  email: string;
  createdAt: Date;
  expiresAt: Date;
}

export const emailTokenModel = defineModel<EmailTokenDocument>('EmailToken', 'email_tokens', {
  _id: required(String),
  userId: required(Schema.Types.ObjectId),
  purpose: { type: String, required: true, enum: Object.values(TokenPurpose) },
  email: required(String),
  createdAt: required(Date),
  expiresAt: required(Date),
});
// "This user's tokens of this purpose": superseding earlier ones, and the newest-wins check.
emailTokenModel.schema.index({ userId: 1, purpose: 1 });

export type EmailTokenModel = Model<EmailTokenDocument>;
