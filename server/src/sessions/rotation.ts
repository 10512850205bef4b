// Refresh-token rotation and reuse detection (RFC 9700 §4.14.2, OWASP Session
// Management). The security-critical step of a session's life.
//
// Model: one `refresh_tokens` document per token issued, keyed by the token's
// SHA-256. A token T rotates to the successor S = HMAC(T) (refreshToken.ts).
// Single winner: rotation inserts S's record, and two unique indexes of
// `refresh_tokens` admit exactly one child of T, on MongoDB and FerretDB alike,
// however many rotations of T run at once on however many instances: `_id`
// (every rotation under one key derives the same S) and `parentId` (a rotation
// under another key, after REFRESH_TOKEN_SECRET changed, derives another S).
// - A loser, or a replay of T within REFRESH_REUSE_INTERVAL of the rotation
//   (two tabs, a lost response), gets S again: no second rotation, one chain.
// - A replay later than that, after S itself rotated, or one that would give T
//   a second child, is treated as theft: the whole session is revoked and the
//   event logged (RFC 9700 §4.14.2).
// Only the parent and the newest child are kept: once S has a child, T's record
// is deleted, so a session holds two token records however long it lives. An
// older token is still recognised: the chain is deterministic, so an unknown
// token whose successors (up to ANCESTRY_WALK of them) reach a kept record is
// an ancestor of a live chain, replayed: theft, and the session is revoked.
// After REFRESH_TOKEN_SECRET changed, the tokens issued before derive their
// successors under REFRESH_TOKEN_SECRET_PREVIOUS: the walk follows that key too,
// and the last record the old key wrote in each chain is kept (`pinsParent`), so
// the walk from any older token of that chain has a record to reach (issue 19 §11).
// Rotations are limited per session (REFRESH_MAX_PER_SESSION per REFRESH_WINDOW;
// a real client needs about one per access-token lifetime). The count travels
// down the chain, in each record: the chain is linear, so it is exact, and it
// costs no database work of its own.
// Write order: S is inserted before T's parent is deleted and before the
// session's expiry is extended, so a crash in between leaves S re-derivable by
// retrying T within the interval, or the session revoked.
import type { Models } from '../db';
import { isDuplicateKeyError, trusted } from '../db';
import { RateLimitedError } from '../errors';
import type { SecurityLog } from '../securityEvents/securityLog';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { ClientInfo } from '../security/clientInfo';
import type { RefreshTokenDocument } from './refreshTokenModel';
import type { RefreshTokenCrypto } from './refreshToken';
import type { SessionDocument } from './sessionModel';
import type { IssuedSession, SessionStore } from './sessionStore';

interface Deps {
  models: Pick<Models, 'RefreshToken'>;
  store: SessionStore;
  crypto: RefreshTokenCrypto;
  /** REFRESH_REUSE_INTERVAL; 0 = every replay is reuse. */
  reuseIntervalMs: number;
  /** REFRESH_MAX_PER_SESSION rotations per REFRESH_WINDOW. */
  maxRotations: number;
  windowMs: number;
  logger: Logger;
  securityLog: Pick<SecurityLog, 'record'>;
  clock: Clock;
}

const ROTATION_FIELDS = { sessionId: 1, parentId: 1, rotations: 1, windowStartedAt: 1, keyId: 1, pinsParent: 1 };

/** How far an unknown token's successors are followed to find a kept record (rotations since it was spent). */
const ANCESTRY_WALK = 256;

export function createRotation(deps: Deps) {
  const { models, store, crypto, reuseIntervalMs, maxRotations, windowMs, logger, securityLog, clock } = deps;
  const { RefreshToken } = models;

  /** Rotates a refresh token. Null for anything that must not yield tokens. */
  async function rotate(presented: unknown, client: ClientInfo): Promise<IssuedSession | null> {
    if (!crypto.isWellFormed(presented)) return null;
    const now = clock.now();
    const presentedHash = crypto.hash(presented);
    const record = await RefreshToken.findById(presentedHash, ROTATION_FIELDS).lean();
    if (!record) return revokeIfAncestor(presented, client, now);
    const session = await store.findLive(record.sessionId, now);
    if (!session) return null;
    const window = nextWindow(record, now);

    const successor = crypto.successorOf(presented);
    const successorHash = crypto.hash(successor);
    try {
      // Single winner: the unique `_id` and `parentId` indexes admit one child of this token.
      await RefreshToken.create({
        _id: successorHash,
        sessionId: session._id,
        userId: session.userId,
        parentId: presentedHash,
        createdAt: now,
        expiresAt: session.absoluteExpiresAt,
        ...window,
        keyId: crypto.keyId,
        // The presented token was written under another key: the last of its segment, kept.
        ...(record.keyId === crypto.keyId ? {} : { pinsParent: true }),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await replayIsBenign(presentedHash, successorHash, now))
        ? { session, refreshToken: successor }
        : revokeForReuse(session, client, now);
    }
    // The grandparent of the new token is no longer needed, unless it ends an older key's segment.
    if (record.parentId && !record.pinsParent) await RefreshToken.deleteOne({ _id: record.parentId });
    return { session: await store.touch(session, now), refreshToken: successor };
  }

  /** The rotation count of the child: RATE_LIMITED past REFRESH_MAX_PER_SESSION in the window. */
  function nextWindow(parent: Pick<RefreshTokenDocument, 'rotations' | 'windowStartedAt'>, now: Date) {
    const started = parent.windowStartedAt;
    if (!started || now.getTime() - started.getTime() >= windowMs) return { rotations: 1, windowStartedAt: now };
    const rotations = (parent.rotations ?? 0) + 1;
    if (rotations > maxRotations) {
      throw new RateLimitedError(Math.max(1, Math.ceil((started.getTime() + windowMs - now.getTime()) / 1000)));
    }
    return { rotations, windowStartedAt: started };
  }

  /**
   * A replay is benign only when the existing child is this very successor (not one derived
   * under another key), inside the interval, and while that child has no child of its own.
   */
  async function replayIsBenign(parentHash: string, successorHash: string, now: Date): Promise<boolean> {
    if (reuseIntervalMs === 0) return false;
    const [child, grandchild] = await Promise.all([
      RefreshToken.findById(successorHash, { parentId: 1, createdAt: 1 }).lean(),
      RefreshToken.exists({ parentId: successorHash }),
    ]);
    return (
      child !== null &&
      child.parentId === parentHash &&
      grandchild === null &&
      now.getTime() - child.createdAt.getTime() <= reuseIntervalMs
    );
  }

  /** An unknown token that is a pruned ancestor of a live chain revokes that chain's session. */
  async function revokeIfAncestor(presented: string, client: ClientInfo, now: Date): Promise<null> {
    const descendants = walk(presented, crypto.successorOf);
    if (crypto.previousSuccessorOf) descendants.push(...walk(presented, crypto.previousSuccessorOf));
    const kept = await RefreshToken.findOne({ _id: trusted({ $in: descendants }) }, { sessionId: 1 }).lean();
    const session = kept && (await store.findLive(kept.sessionId, now));
    return session ? revokeForReuse(session, client, now) : null;
  }

  /** The hashes of a token's next ANCESTRY_WALK successors under one key. */
  function walk(presented: string, successorOf: (token: string) => string): string[] {
    const hashes: string[] = [];
    for (let token = presented; hashes.length < ANCESTRY_WALK;) {
      token = successorOf(token);
      hashes.push(crypto.hash(token));
    }
    return hashes;
  }

  /** `client` is whoever presented the spent token: the thief or the owner, nobody can tell. */
  async function revokeForReuse(session: SessionDocument, client: ClientInfo, now: Date): Promise<null> {
    logger.warn(
      {
        event: 'refresh_token_reuse',
        sessionId: session._id,
        userId: session.userId.toHexString(),
        at: now.toISOString(),
      },
      'refresh token replayed after rotation: possible theft; session revoked',
    );
    await store.revoke([session._id], 'refresh_token_reuse');
    securityLog.record('REFRESH_TOKEN_REUSE', { userId: session.userId, client, sessionId: session._id }, now);
    return null;
  }

  return { rotate };
}
