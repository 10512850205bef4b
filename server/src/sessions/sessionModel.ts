// A session is one signed-in device. Revocation deletes the document: a delete
// can't be undone by a concurrent update on any MongoDB-compatible server
// (FerretDB v1 updates by read-modify-write, which could overwrite a
// `revokedAt` flag set at the same moment). The log keeps the audit trail.
import { Schema } from 'mongoose';
import type { Model, Types } from 'mongoose';
import { defineModel, nullable, optional, required } from '../db/defineModel';

export interface SessionDocument {
  /** Random, unguessable; the `sid` claim of access tokens. */
  _id: string;
  userId: Types.ObjectId;
  createdAt: Date;
  lastUsedAt: Date;
  /** Extended by each refresh, never past absoluteExpiresAt. */
  idleExpiresAt: Date;
  /** Fixed at sign-in (ASVS 5.0 V7.3: an absolute lifetime). */
  absoluteExpiresAt: Date;
  /** min(idleExpiresAt, absoluteExpiresAt): what queries filter on and the TTL index uses. */
  expiresAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
  /** The user's credential version at sign-in (users/userModel.ts); absent on older sessions. */
  credentialVersion?: string;
  /**
   * The last time this device proved who it is (password, passkey, or the password again for a
   * sensitive change); absent on older sessions, read as createdAt. Refreshes never move it.
   */
  authenticatedAt?: Date;
}

/** What the Session GraphQL type resolves from. */
export interface SessionView {
  session: SessionDocument;
  current: boolean;
}

export const sessionModel = defineModel<SessionDocument>('Session', 'sessions', {
  _id: required(String),
  userId: required(Schema.Types.ObjectId),
  createdAt: required(Date),
  lastUsedAt: required(Date),
  idleExpiresAt: required(Date),
  absoluteExpiresAt: required(Date),
  expiresAt: required(Date),
  userAgent: nullable(String),
  ipAddress: nullable(String),
  credentialVersion: optional(String),
  authenticatedAt: optional(Date),
});
sessionModel.schema.index({ userId: 1, lastUsedAt: -1 });

export type SessionModel = Model<SessionDocument>;
