// Is the session behind an access token still live? Every authenticated
// request asks, so that logout, logoutAll, revokeSession, a password change or
// reuse detection stop a token before its `exp`.
// - The instance that revokes a session remembers it at once (`markRevoked`).
// - Other instances read the database, caching an answer for SESSION_CACHE_TTL
//   (≤ 5 s): that bounds how long a revoked token lives elsewhere, and keeps the
//   check off the database on hot paths. Both caches are bounded (LRU).
// - Both caches age by the app's clock (clock.ts), the one that decides expiry.
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock';
import { isCurrentCredential } from '../users/userService';
import type { UserService } from '../users/userService';
import type { SessionModel } from './sessionModel';

interface Liveness {
  userId: string;
  /** ms since epoch; 0 when the session does not exist. */
  expiresAt: number;
}

export interface SessionGuard {
  isLive(userId: string, sessionId: string): Promise<boolean>;
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
  clock: Clock;
}

/**
 * The clock as lru-cache's time source (its `perf` option; performance.now() by default), kept
 * from running backwards: a wall clock stepped back must not keep a cached "live" past its TTL.
 */
function monotonicMs(clock: Clock): { now(): number } {
  let last = clock.now().getTime();
  let reading = last;
  return {
    now() {
      const wall = clock.now().getTime();
      reading += Math.max(0, wall - last);
      last = wall;
      return reading;
    },
  };
}

export function createSessionGuard({ Session, users, cacheTtlMs, revokedTtlMs, clock }: Deps): SessionGuard {
  // The clock read on every check (lru-cache's default keeps a reading for 1 ms), so a moved clock counts at once.
  const ages = { perf: monotonicMs(clock), ttlResolution: 0 };
  const cache =
    cacheTtlMs > 0 ? new LRUCache<string, Liveness>({ max: CACHE_ENTRIES, ttl: cacheTtlMs, ...ages }) : null;
  const revoked = new LRUCache<string, true>({ max: CACHE_ENTRIES, ttl: revokedTtlMs, ...ages });
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
    async isLive(userId, sessionId) {
      if (revoked.has(sessionId)) return false;
      const { userId: owner, expiresAt } = await liveness(sessionId);
      return owner === userId && expiresAt > clock.now().getTime();
    },
    markRevoked(sessionIds) {
      for (const id of sessionIds) {
        revoked.set(id, true);
        cache?.delete(id);
      }
    },
  };
}
