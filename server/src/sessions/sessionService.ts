// Sessions and refresh-token rotation (RFC 9700 §4.14.2, OWASP Session Management).
//
// Model: one `sessions` document per signed-in device; one `refresh_tokens`
// document per token ever issued, keyed by its hash. A token T rotates to
// successor S = HMAC(T). Rotation inserts S's record: the `_id` unique index
// lets exactly one concurrent rotation of T win, on MongoDB and FerretDB alike.
// - A loser, or a replay of T within REFRESH_REUSE_INTERVAL of the rotation
//   (two tabs, a lost response), gets S again: no second rotation, one chain.
// - A replay later than that, or after S itself rotated, is treated as theft:
//   the whole session is revoked and the event logged.
// Write order makes every crash safe: a session is inserted before its first
// token (a session with no token is unusable and expires); a successor is
// inserted before the session's expiry is extended (a crash in between leaves
// S re-derivable by retrying T within the interval, or the session revoked).
import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { isDuplicateKeyError, trusted } from '../db';
import type { Models } from '../db';
import type { RefreshTokenCrypto } from './refreshToken';
import type { SessionDocument } from './sessionModel';
import type { SessionGuard } from './sessionGuard';

export interface ClientInfo {
  userAgent: string | null;
  ipAddress: string | null;
}

export interface IssuedSession {
  session: SessionDocument;
  refreshToken: string;
}

export type RevokeReason = 'logout' | 'logout_all' | 'revoked_by_user' | 'password_changed' | 'refresh_token_reuse';

interface Deps {
  config: Config;
  models: Models;
  crypto: RefreshTokenCrypto;
  guard: SessionGuard;
  logger: Logger;
}

const MAX_USER_AGENT = 512;

export function createSessionService({ config, models, crypto, guard, logger }: Deps) {
  const { idleTtlMs, absoluteTtlMs, reuseIntervalMs } = config.refresh;
  const { Session, RefreshToken } = models;
  /** 1/20 of the idle lifetime, at most a minute: 60 s for the default 7 days. */
  const touchIntervalMs = Math.min(60_000, Math.floor(idleTtlMs / 20));

  const live = (now: Date) => ({ expiresAt: trusted({ $gt: now }) });

  async function create(userId: Types.ObjectId, client: ClientInfo, now = new Date()): Promise<IssuedSession> {
    const absoluteExpiresAt = new Date(now.getTime() + absoluteTtlMs);
    const idleExpiresAt = new Date(Math.min(now.getTime() + idleTtlMs, absoluteExpiresAt.getTime()));
    const session = await Session.create({
      _id: randomBytes(16).toString('base64url'),
      userId,
      createdAt: now,
      lastUsedAt: now,
      idleExpiresAt,
      absoluteExpiresAt,
      expiresAt: idleExpiresAt,
      userAgent: client.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      ipAddress: client.ipAddress,
    });
    const refreshToken = crypto.generate();
    await RefreshToken.create({
      _id: crypto.hash(refreshToken),
      sessionId: session._id,
      userId,
      parentId: null,
      createdAt: now,
      expiresAt: absoluteExpiresAt,
    });
    return { session: session.toObject(), refreshToken };
  }

  /** Rotates a refresh token. Null for anything that must not yield tokens. */
  async function rotate(presented: unknown, now = new Date()): Promise<IssuedSession | null> {
    if (!crypto.isWellFormed(presented)) return null;
    const presentedHash = crypto.hash(presented);
    const record = await RefreshToken.findById(presentedHash, { sessionId: 1 }).lean();
    if (!record) return null;
    const session = await findLive(record.sessionId, now);
    if (!session) return null;

    const successor = crypto.successorOf(presented);
    try {
      // Single winner: the unique `_id` index admits one insert of this successor.
      await RefreshToken.create({
        _id: crypto.hash(successor),
        sessionId: session._id,
        userId: session.userId,
        parentId: presentedHash,
        createdAt: now,
        expiresAt: session.absoluteExpiresAt,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await replayIsBenign(successor, now))
        ? { session, refreshToken: successor }
        : revokeForReuse(session, now);
    }
    return { session: await extend(session, now), refreshToken: successor };
  }

  /** A replay is benign only inside the interval and while its successor is still the newest token. */
  async function replayIsBenign(successor: string, now: Date): Promise<boolean> {
    if (reuseIntervalMs === 0) return false;
    const [existing, grandchild] = await Promise.all([
      RefreshToken.findById(crypto.hash(successor), { createdAt: 1 }).lean(),
      RefreshToken.exists({ _id: crypto.hash(crypto.successorOf(successor)) }),
    ]);
    return existing !== null && grandchild === null && now.getTime() - existing.createdAt.getTime() <= reuseIntervalMs;
  }

  async function revokeForReuse(session: SessionDocument, now: Date): Promise<null> {
    logger.warn(
      {
        event: 'refresh_token_reuse',
        sessionId: session._id,
        userId: session.userId.toHexString(),
        at: now.toISOString(),
      },
      'refresh token replayed after rotation: possible theft; session revoked',
    );
    await revoke([session._id], 'refresh_token_reuse');
    return null;
  }

  async function extend(session: SessionDocument, now: Date): Promise<SessionDocument> {
    // Writes are coalesced: a session used again within TOUCH_INTERVAL keeps its stored
    // times (its idle expiry ends at most that much early). Every update scans the
    // collection on FerretDB v1, so this keeps rotation flat as sessions grow.
    if (now.getTime() - session.lastUsedAt.getTime() < touchIntervalMs) return session;
    const idleExpiresAt = new Date(Math.min(now.getTime() + idleTtlMs, session.absoluteExpiresAt.getTime()));
    // Not single-winner: concurrent extensions all write near-equal values.
    await Session.updateOne(
      { _id: session._id },
      { $set: { lastUsedAt: now, idleExpiresAt, expiresAt: idleExpiresAt } },
    );
    return { ...session, lastUsedAt: now, idleExpiresAt, expiresAt: idleExpiresAt };
  }

  /** Revokes sessions: this instance refuses their access tokens at once. */
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
   * Deletes by userId, not by a `$in` of every id: FerretDB v1 matches `$in`
   * element by element, so 10,000 sessions took longer than DB_OPERATION_TIMEOUT.
   */
  async function revokeAllOf(userId: Types.ObjectId, reason: RevokeReason, exceptSessionId?: string): Promise<number> {
    const except = exceptSessionId ? trusted({ $ne: exceptSessionId }) : undefined;
    const ids = (await Session.find(except ? { userId, _id: except } : { userId }, { _id: 1 }).lean()).map(
      (s) => s._id,
    );
    if (ids.length === 0) return 0;
    guard.markRevoked(ids);
    const { deletedCount } = await Session.deleteMany(except ? { userId, _id: except } : { userId });
    await RefreshToken.deleteMany(except ? { userId, sessionId: except } : { userId });
    logger.info({ event: 'sessions_revoked', reason, count: deletedCount }, 'sessions revoked');
    return deletedCount;
  }

  /**
   * The same device's session under a new id, with a new refresh token (OWASP:
   * renew the session id after a credential change). Keeps what the user sees —
   * device, address, sign-in time, absolute expiry — while every token minted
   * before (access or refresh) dies with the old id. The caller revokes the old
   * session afterwards; until then both exist, so a crash between locks no one out.
   */
  async function renew(sessionId: string, now = new Date()): Promise<IssuedSession | null> {
    const old = await findLive(sessionId, now);
    if (!old) return null;
    const idleExpiresAt = new Date(Math.min(now.getTime() + idleTtlMs, old.absoluteExpiresAt.getTime()));
    const session = await Session.create({
      ...old,
      _id: randomBytes(16).toString('base64url'),
      lastUsedAt: now,
      idleExpiresAt,
      expiresAt: idleExpiresAt,
    });
    const refreshToken = crypto.generate();
    await RefreshToken.create({
      _id: crypto.hash(refreshToken),
      sessionId: session._id,
      userId: old.userId,
      parentId: null,
      createdAt: now,
      expiresAt: old.absoluteExpiresAt,
    });
    return { session: session.toObject(), refreshToken };
  }

  async function findLiveByRefreshToken(presented: unknown, now = new Date()): Promise<SessionDocument | null> {
    if (!crypto.isWellFormed(presented)) return null;
    const record = await RefreshToken.findById(crypto.hash(presented), { sessionId: 1 }).lean();
    return record ? findLive(record.sessionId, now) : null;
  }

  async function listLive(userId: Types.ObjectId, limit: number, now = new Date()): Promise<SessionDocument[]> {
    return Session.find({ userId, ...live(now) })
      .sort({ lastUsedAt: -1 })
      .limit(limit)
      .lean();
  }

  /**
   * By `_id` alone, expiry checked here: FerretDB v1 pushes only a bare `{ _id }` filter
   * down to SQLite and scans the collection for anything more (see bench/README.md).
   */
  async function findLive(sessionId: string, now = new Date()): Promise<SessionDocument | null> {
    const session = await Session.findById(sessionId).lean();
    return session && session.expiresAt > now ? session : null;
  }

  return { create, rotate, renew, revoke, revokeAllOf, findLiveByRefreshToken, listLive, findLive };
}

export type SessionService = ReturnType<typeof createSessionService>;
