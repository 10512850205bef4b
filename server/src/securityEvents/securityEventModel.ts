// What happened to an account, for its owner to read (`securityEvents`) and for
// operators to alert on (every event is also a log line: securityLog.ts). Never a
// token, code or password: the type, when, from where, and the session if any
// (OWASP ASVS 5.0 V16.3.1: every authentication event is recorded). Kept for
// SECURITY_EVENT_RETENTION, purged like every other expiring document.
import { Schema } from 'mongoose';
import type { Model, Types } from 'mongoose';
import { defineModel, nullable, optional, required } from '../db/defineModel';

export const SecurityEventType = {
  LOGIN_SUCCEEDED: 'LOGIN_SUCCEEDED',
  LOGIN_FAILED: 'LOGIN_FAILED',
  LOGOUT: 'LOGOUT',
  SESSION_REVOKED: 'SESSION_REVOKED',
  ALL_SESSIONS_REVOKED: 'ALL_SESSIONS_REVOKED',
  PASSWORD_CHANGED: 'PASSWORD_CHANGED',
  PASSWORD_RESET_REQUESTED: 'PASSWORD_RESET_REQUESTED',
  PASSWORD_RESET: 'PASSWORD_RESET',
  EMAIL_VERIFIED: 'EMAIL_VERIFIED',
  REFRESH_TOKEN_REUSE: 'REFRESH_TOKEN_REUSE',
  MFA_ENABLED: 'MFA_ENABLED',
  MFA_DISABLED: 'MFA_DISABLED',
  RECOVERY_CODE_USED: 'RECOVERY_CODE_USED',
  RECOVERY_CODES_REGENERATED: 'RECOVERY_CODES_REGENERATED',
  PASSKEY_ADDED: 'PASSKEY_ADDED',
  PASSKEY_REMOVED: 'PASSKEY_REMOVED',
  SECOND_FACTOR_FAILED: 'SECOND_FACTOR_FAILED',
  SIGN_IN_BLOCKED: 'SIGN_IN_BLOCKED',
} as const;
export type SecurityEventType = (typeof SecurityEventType)[keyof typeof SecurityEventType];

export interface SecurityEventDocument {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  type: SecurityEventType;
  /** UTC. */
  at: Date;
  ipAddress: string | null;
  userAgent: string | null;
  sessionId?: string;
  /** `at` + SECURITY_EVENT_RETENTION. */
  expiresAt: Date;
  /** `<user>:<UTC day of at>`: an account's page is read by day (eventStore.ts). */
  stream: string;
  /** How many events a coalesced document stands for (eventStore.ts); absent: 1. */
  count?: number;
  /** `<type>|<stream>|<address or others>` on coalesced documents: one per key (unique). */
  coalesceKey?: string;
}

/** The stream of `userId`'s events on the UTC day of `at`. */
export const streamOf = (userId: Types.ObjectId, at: Date): string =>
  `${userId.toHexString()}:${at.toISOString().slice(0, 10)}`;

export const securityEventModel = defineModel<SecurityEventDocument>('SecurityEvent', 'security_events', {
  userId: required(Schema.Types.ObjectId),
  type: { type: String, required: true, enum: Object.values(SecurityEventType) },
  at: required(Date),
  ipAddress: nullable(String),
  userAgent: nullable(String),
  sessionId: optional(String),
  expiresAt: required(Date),
  stream: required(String),
  count: optional(Number),
  coalesceKey: optional(String),
});
// Deletes and reads by account (equality on userId is what FerretDB v1 pushes down to SQLite).
securityEventModel.schema.index({ userId: 1, at: -1 });
// "This user's events of these days", newest first: the page read by listOwn.
securityEventModel.schema.index({ stream: 1, at: -1 });
// Single winner of a coalesced document; absent on every other event.
securityEventModel.schema.index({ coalesceKey: 1 }, { unique: true, sparse: true });

export type SecurityEventModel = Model<SecurityEventDocument>;
