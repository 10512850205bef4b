// Is the session behind an access token still live? Every authenticated
// request asks, so that logout, logoutAll, revokeSession, a password change or
// reuse detection stop a token before its `exp`.
// - The instance that revokes a session remembers it at once (`markRevoked`).
// - Other instances read the database, caching an answer for SESSION_CACHE_TTL
//   (≤ 5 s): that bounds how long a revoked token lives elsewhere, and keeps the
//   check off the database on hot paths. Both caches are bounded (LRU).
import { LRUCache } from 'lru-cache';
import { isCurrentCredential } from '../users/userService';
import type { UserService } from '../users/userService';
import type { SessionModel } from './sessionModel';

interface Liveness {
  userId: string;
  /** ms since epoch; 0 when the session does not exist. */
  expiresAt: number;
}

export interface SessionGuard {
  isLive(userId: string, sessionId: string, now?: number): Promise<boolean>;
  markRevoked(sessionIds: readonly string[]): void;
}

const CACHE_ENTRIES = 100_000;

interface Deps {
  Session: SessionModel;
  users: Pick<UserService, 'credentialOf'>;
  /** SESSION_CACHE_TTL; 0 = read the database on every check. */
  cacheTtlMs: number;
  /** How long a revoked id is remembered: as long as an access token can live. */
  revokedTtlMs: number;
}

export function createSessionGuard({ Session, users, cacheTtlMs, revokedTtlMs }: Deps): SessionGuard {
  const cache = cacheTtlMs > 0 ? new LRUCache<string, Liveness>({ max: CACHE_ENTRIES, ttl: cacheTtlMs }) : null;
  const revoked = new LRUCache<string, true>({ max: CACHE_ENTRIES, ttl: revokedTtlMs });
  // Concurrent checks of one session share a single database read.
  const inFlight = new Map<string, Promise<Liveness>>();

  async function load(sessionId: string): Promise<Liveness> {
    const session = await Session.findById(sessionId, { userId: 1, expiresAt: 1, credentialVersion: 1 }).lean();
    // A session can outlive its user document (deleted out of band): a deleted account is no
    // longer anyone. A password change since sign-in (another credential version) ends it too.
    const user = session && (await users.credentialOf(session.userId));
    return session && user && isCurrentCredential(user, session.credentialVersion)
      ? { userId: session.userId.toHexString(), expiresAt: session.expiresAt.getTime() }
      : { userId: '', expiresAt: 0 };
  }

  async function liveness(sessionId: string): Promise<Liveness> {
    const cached = cache?.get(sessionId);
    if (cached) return cached;
    let pending = inFlight.get(sessionId);
    if (!pending) {
      pending = load(sessionId).finally(() => inFlight.delete(sessionId));
      inFlight.set(sessionId, pending);
    }
    const result = await pending;
    cache?.set(sessionId, result);
    return result;
  }

  return {
    async isLive(userId, sessionId, now = Date.now()) {
      if (revoked.has(sessionId)) return false;
      const { userId: owner, expiresAt } = await liveness(sessionId);
      return owner === userId && expiresAt > now;
    },
    markRevoked(sessionIds) {
      for (const id of sessionIds) {
        revoked.set(id, true);
        cache?.delete(id);
      }
    },
  };
}
