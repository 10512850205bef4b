// One document per refresh token issued, keyed by the token's SHA-256. Two
// unique indexes make rotation single-winner (rotation.ts):
// - `_id`: a token's successor is derived deterministically, so every
//   concurrent rotation of one token tries to insert the same `_id`;
// - `parentId`: a token has at most one child whatever the successor key, so a
//   rotation under a changed secret cannot fork a second chain. Sparse, and
//   absent on a session's first token, so first tokens never collide (on
//   FerretDB a missing field is SQL NULL, which a unique index admits many times).
import { Schema } from 'mongoose';
import type { Model, Types } from 'mongoose';
import { defineModel, optional, required } from '../db/defineModel';

export interface RefreshTokenDocument {
  /** SHA-256 of the token (base64url). The token itself is never stored. */
  _id: string;
  sessionId: string;
  userId: Types.ObjectId;
  /** Hash of the token this one replaced; absent on the first of a session. */
  parentId?: string;
  createdAt: Date;
  /** The session's absolute expiry: no token outlives its session. */
  expiresAt: Date;
  /** Rotations of this chain since `windowStartedAt` (REFRESH_MAX_PER_SESSION); absent on first tokens. */
  rotations?: number;
  windowStartedAt?: Date;
  /** The successor key in force when this record was written (refreshToken.ts keyId); absent before issue 19. */
  keyId?: string;
  /**
   * Set when the parent is the last token a previous REFRESH_TOKEN_SECRET derived: that parent is
   * then kept for the session's life, so a replay of its pruned ancestors still finds the session.
   */
  pinsParent?: boolean;
}

export const refreshTokenModel = defineModel<RefreshTokenDocument>('RefreshToken', 'refresh_tokens', {
  _id: required(String),
  sessionId: required(String),
  userId: required(Schema.Types.ObjectId),
  parentId: optional(String),
  createdAt: required(Date),
  expiresAt: required(Date),
  rotations: optional(Number),
  windowStartedAt: optional(Date),
  keyId: optional(String),
  pinsParent: optional(Boolean),
});
refreshTokenModel.schema.index({ sessionId: 1 });
// "Log out everywhere" and a password change delete a user's tokens by userId.
refreshTokenModel.schema.index({ userId: 1 });
refreshTokenModel.schema.index({ parentId: 1 }, { unique: true, sparse: true });

export type RefreshTokenModel = Model<RefreshTokenDocument>;
