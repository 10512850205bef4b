// One document per refresh token ever issued, keyed by the token's SHA-256.
// The `_id` unique index is what makes rotation single-winner: a token's
// successor is derived deterministically, so every concurrent rotation of one
// token tries to insert the same `_id`, and exactly one insert succeeds.
import { Schema } from 'mongoose';
import type { Model, Types } from 'mongoose';
import { defineModel, nullable, required } from '../db/defineModel';

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

export const refreshTokenModel = defineModel<RefreshTokenDocument>('RefreshToken', 'refresh_tokens', {
  _id: required(String),
  sessionId: required(String),
  userId: required(Schema.Types.ObjectId),
  parentId: nullable(String),
  createdAt: required(Date),
  expiresAt: required(Date),
});
refreshTokenModel.schema.index({ sessionId: 1 });

export type RefreshTokenModel = Model<RefreshTokenDocument>;
