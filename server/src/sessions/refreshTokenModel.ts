// One document per refresh token ever issued, keyed by the token's SHA-256.
// The `_id` unique index is what makes rotation single-winner: a token's
// successor is derived deterministically, so every concurrent rotation of one
// token tries to insert the same `_id`, and exactly one insert succeeds.
import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';

export interface RefreshTokenDocument {
  /** SHA-256 of the token (base64url). The token itself is never stored. */
  _id: string;
  sessionId: string;
  userId: Types.ObjectId;
  /** Hash of the token this one replaced; null for the first of a session. */
  parentId: string | null;
  createdAt: Date;
  /** The session's absolute expiry: no token outlives its session. */
  expiresAt: Date;
}

const refreshTokenSchema = new Schema<RefreshTokenDocument>(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    parentId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'refresh_tokens', versionKey: false, strict: 'throw' },
);
refreshTokenSchema.index({ sessionId: 1 });

export type RefreshTokenModel = Model<RefreshTokenDocument>;

export function refreshTokenModel(db: Connection): RefreshTokenModel {
  return (
    (db.models.RefreshToken as RefreshTokenModel | undefined) ??
    db.model<RefreshTokenDocument>('RefreshToken', refreshTokenSchema)
  );
}
