// The `sessions` and `refresh_tokens` collections, in one place: lifetimes,
// the first token of a session, liveness, revocation.
// - Lifetimes (ASVS 5.0 V7.3, session timeout): a session idles out after REFRESH_IDLE_TTL
//   without a refresh and ends at REFRESH_ABSOLUTE_TTL after sign-in whatever
//   happens; `expiresAt` = min of the two is what reads check and purges use.
// - Write order: a session is inserted before its first token, so a crash in
//   between leaves a session nobody holds a token for, which expires.
// - Revocation deletes: FerretDB v1 updates by read-modify-write, so a
//   concurrent update could undo a `revokedAt` flag, but never a delete.
// - The store is told the time (`now`) by the service that reads the clock, so one
//   operation judges expiry, lifetimes and last use by one instant.
import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Config } from '../config';
import { trusted } from '../db';
import type { Models } from '../db';
import type { Logger } from '../logger';
import type { ClientInfo } from '../security/clientInfo';
import type { RefreshTokenCrypto } from './refreshToken';
import type { SessionGuard } from './sessionGuard';
import type { SessionDocument } from './sessionModel';

export interface IssuedSession {
  session: SessionDocument;
  refreshToken: string;
}

export type RevokeReason =
  | 'logout'
  | 'logout_all'
  | 'revoked_by_user'
  | 'password_changed'
  | 'password_reset'
  | 'refresh_token_reuse'
  | 'replaced_by_sign_in'
  | 'session_limit';

/** What a new session keeps from the sign-in it stands for. */
interface SignIn {
  userId: Types.ObjectId;
  createdAt: Date;
  absoluteExpiresAt: Date;
  client: ClientInfo;
  credentialVersion: string;
  authenticatedAt: Date;
}

interface Deps {
  config: Config;
  models: Pick<Models, 'Session' | 'RefreshToken'>;
  crypto: RefreshTokenCrypto;
  guard: SessionGuard;
  logger: Logger;
}

/** The lifetime rules, written once: idle TTL from the last use, never past the absolute expiry. */
function lifetimes({ idleTtlMs, absoluteTtlMs }: Config['refresh']) {
  return {
    idleExpiry: (now: Date, absoluteExpiresAt: Date) =>
      new Date(Math.min(now.getTime() + idleTtlMs, absoluteExpiresAt.getTime())),
    absoluteExpiry: (now: Date) => new Date(now.getTime() + absoluteTtlMs),
    /** Session writes on refresh are coalesced to one per this interval: 1/20 of the idle TTL, at most a minute. */
    touchIntervalMs: Math.min(60_000, Math.floor(idleTtlMs / 20)),
  };
}

export function createSessionStore({ config, models, crypto, guard, logger }: Deps) {
  const { Session, RefreshToken } = models;
  const { idleExpiry, absoluteExpiry, touchIntervalMs } = lifetimes(config.refresh);

  /** A new session under a fresh random id, then its first refresh token. */
  async function insert(signIn: SignIn, now: Date): Promise<IssuedSession> {
    const { userId, createdAt, absoluteExpiresAt, client, credentialVersion, authenticatedAt } = signIn;
    const idleExpiresAt = idleExpiry(now, absoluteExpiresAt);
    const session = await Session.create({
      _id: randomBytes(16).toString('base64url'),
      userId,
      createdAt,
      lastUsedAt: now,
      idleExpiresAt,
      absoluteExpiresAt,
      expiresAt: idleExpiresAt,
      userAgent: client.userAgent,
      ipAddress: client.ipAddress,
      credentialVersion,
      authenticatedAt,
    });
    const refreshToken = crypto.generate();
    await RefreshToken.create({
      _id: crypto.hash(refreshToken),
      sessionId: session._id,
      userId,
      createdAt: now,
      expiresAt: absoluteExpiresAt,
      keyId: crypto.keyId,
    });
    return { session: session.toObject(), refreshToken };
  }

  /**
   * By `_id` alone, expiry checked here: one equality on the leading field of an index is
   * what every server serves from the index (the embedded FerretDB pushes down top-level
   * equality only: docs/database.md, "The index patch"); a range beside it would be checked in Go anyway.
   */
  async function findLive(sessionId: string, now: Date): Promise<SessionDocument | null> {
    const session = await Session.findById(sessionId).lean();
    return session && session.expiresAt > now ? session : null;
  }

  async function findLiveByRefreshToken(presented: unknown, now: Date): Promise<SessionDocument | null> {
    if (!crypto.isWellFormed(presented)) return null;
    const record = await RefreshToken.findById(crypto.hash(presented), { sessionId: 1 }).lean();
    return record ? findLive(record.sessionId, now) : null;
  }

  /**
   * Extends the idle expiry on use. Coalesced: a session used again within the touch
   * interval keeps its stored times (its idle expiry ends at most that much early): one write
   * a minute per session instead of one per refresh.
   * Not single-winner: concurrent touches all write near-equal values.
   */
  async function touch(session: SessionDocument, now: Date): Promise<SessionDocument> {
    if (now.getTime() - session.lastUsedAt.getTime() < touchIntervalMs) return session;
    const idleExpiresAt = idleExpiry(now, session.absoluteExpiresAt);
    const times = { lastUsedAt: now, idleExpiresAt, expiresAt: idleExpiresAt };
    await Session.updateOne({ _id: session._id }, { $set: times });
    return { ...session, ...times };
  }

  /** Revokes sessions: this instance refuses their access tokens at once, others within SESSION_CACHE_TTL. */
  async function revoke(sessionIds: readonly string[], reason: RevokeReason): Promise<number> {
    if (sessionIds.length === 0) return 0;
    guard.markRevoked(sessionIds);
    const ids = trusted({ $in: [...sessionIds] });
    const { deletedCount } = await Session.deleteMany({ _id: ids });
    await RefreshToken.deleteMany({ sessionId: ids });
    logger.info({ event: 'sessions_revoked', reason, count: deletedCount }, 'sessions revoked');
    return deletedCount;
  }

  /**
   * Deletes by userId (indexed in both collections), not by a `$in` of every id: a user
   * may have thousands of sessions, and one equality is one index range.
   */
  async function revokeAllOf(userId: Types.ObjectId, reason: RevokeReason, exceptSessionId?: string): Promise<number> {
    const sessionFilter = exceptSessionId ? { userId, _id: trusted({ $ne: exceptSessionId }) } : { userId };
    const ids = (await Session.find(sessionFilter, { _id: 1 }).lean()).map((s) => s._id);
    if (ids.length === 0) return 0;
    guard.markRevoked(ids);
    const { deletedCount } = await Session.deleteMany(sessionFilter);
    const tokenFilter = exceptSessionId ? { userId, sessionId: trusted({ $ne: exceptSessionId }) } : { userId };
    await RefreshToken.deleteMany(tokenFilter);
    logger.info({ event: 'sessions_revoked', reason, count: deletedCount }, 'sessions revoked');
    return deletedCount;
  }

  /** Ends the user's least recently used sessions beyond the newest `keep`. */
  async function evictBeyond(userId: Types.ObjectId, keep: number, now: Date): Promise<void> {
    const surplus = await Session.find({ userId, expiresAt: trusted({ $gt: now }) }, { _id: 1 })
      .sort({ lastUsedAt: -1 })
      .skip(keep)
      .lean();
    await revoke(
      surplus.map((s) => s._id),
      'session_limit',
    );
  }

  async function listLive(userId: Types.ObjectId, limit: number, now: Date): Promise<SessionDocument[]> {
    return Session.find({ userId, expiresAt: trusted({ $gt: now }) })
      .sort({ lastUsedAt: -1 })
      .limit(limit)
      .lean();
  }

  /** The password was entered again on this device (a step-up before a sensitive change). */
  async function markAuthenticated(sessionId: string, now: Date): Promise<void> {
    await Session.updateOne({ _id: sessionId }, { $set: { authenticatedAt: now } });
  }

  return {
    absoluteExpiry,
    insert,
    markAuthenticated,
    findLive,
    findLiveByRefreshToken,
    touch,
    revoke,
    revokeAllOf,
    evictBeyond,
    listLive,
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
