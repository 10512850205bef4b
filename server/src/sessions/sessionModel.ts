// A session is one signed-in device. Revocation deletes the document: a delete
// can't be undone by a concurrent update on any MongoDB-compatible server
// (FerretDB v1 updates by read-modify-write, which could overwrite a
// `revokedAt` flag set at the same moment). The log keeps the audit trail.
import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';

export interface SessionDocument {
  /** Random, unguessable; the `sid` claim of access tokens. */
  _id: string;
  userId: Types.ObjectId;
  createdAt: Date;
  lastUsedAt: Date;
  /** Extended by each refresh, never past absoluteExpiresAt. */
  idleExpiresAt: Date;
  /** Fixed at sign-in (ASVS 3.3.1: absolute lifetime). */
  absoluteExpiresAt: Date;
  /** min(idleExpiresAt, absoluteExpiresAt): what queries filter on and the TTL index uses. */
  expiresAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
}

/** What the Session GraphQL type resolves from. */
export interface SessionView {
  session: SessionDocument;
  current: boolean;
}

const sessionSchema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, required: true },
    idleExpiresAt: { type: Date, required: true },
    absoluteExpiresAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    userAgent: { type: String, default: null },
    ipAddress: { type: String, default: null },
  },
  { collection: 'sessions', versionKey: false, strict: 'throw' },
);
sessionSchema.index({ userId: 1, lastUsedAt: -1 });

export type SessionModel = Model<SessionDocument>;

export function sessionModel(db: Connection): SessionModel {
  return (db.models.Session as SessionModel | undefined) ?? db.model<SessionDocument>('Session', sessionSchema);
}
