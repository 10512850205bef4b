// Sessions as the API offers them (OWASP Session Management): sign-in creates
// one, a credential change renews its id, rotation keeps it going
// (rotation.ts), and the user ends one, all, or the one on this device.
// Storage, lifetimes and revocation live in sessionStore.ts.
import type { Types } from 'mongoose';
import type { SecurityLog } from '../securityEvents/securityLog';
import type { Viewer } from '../auth/viewer';
import type { Clock } from '../clock';
import type { ClientInfo } from '../security/clientInfo';
import type { SessionDocument } from './sessionModel';
import type { IssuedSession, RevokeReason, SessionStore } from './sessionStore';

export type { IssuedSession, RevokeReason };

interface Deps {
  store: SessionStore;
  rotate(presented: unknown, client: ClientInfo): Promise<IssuedSession | null>;
  /** MAX_SESSIONS_PER_USER: signing in past it ends the least recently used sessions. */
  maxSessionsPerUser: number;
  securityLog: Pick<SecurityLog, 'record'>;
  clock: Clock;
}

export function createSessionService({ store, rotate, maxSessionsPerUser, securityLog, clock }: Deps) {
  /**
   * A session for a user signed in under `credentialVersion` (the one read with the password
   * hash) at `now`, the sign-in's instant. Past MAX_SESSIONS_PER_USER live sessions, the least
   * recently used ones end.
   */
  async function create(
    user: { _id: Types.ObjectId; credentialVersion: string },
    client: ClientInfo,
    now: Date,
  ): Promise<IssuedSession> {
    const absoluteExpiresAt = store.absoluteExpiry(now);
    const { credentialVersion } = user;
    const issued = await store.insert(
      { userId: user._id, createdAt: now, absoluteExpiresAt, client, credentialVersion, authenticatedAt: now },
      now,
    );
    await store.evictBeyond(user._id, maxSessionsPerUser, now);
    return issued;
  }

  /** Ends the session of a refresh cookie that a new sign-in replaces. */
  async function endReplaced(presented: unknown): Promise<void> {
    const session = await store.findLiveByRefreshToken(presented, clock.now());
    if (session) await store.revoke([session._id], 'replaced_by_sign_in');
  }

  /**
   * The same device's session under a new id, with a new refresh token (OWASP: renew the
   * session id after a credential change). Keeps what the user sees (device, address,
   * sign-in time, absolute expiry) while every token minted before dies with the old id.
   * The caller revokes the old session afterwards; until then both exist, so a crash
   * between locks no one out. `now` is the instant of the credential change.
   */
  async function renew(sessionId: string, credentialVersion: string, now: Date): Promise<IssuedSession | null> {
    const old = await store.findLive(sessionId, now);
    if (!old) return null;
    const client = { userAgent: old.userAgent, ipAddress: old.ipAddress };
    // The password was just entered again: the renewed session counts as freshly authenticated.
    return store.insert({ ...old, client, credentialVersion, authenticatedAt: now }, now);
  }

  /** Ends the session of this refresh cookie, or else of this access token. Nothing to end is fine. */
  async function logout(presented: unknown, viewer: () => Promise<Viewer | null>, client: ClientInfo): Promise<void> {
    const now = clock.now();
    const session =
      (await store.findLiveByRefreshToken(presented, now)) ??
      (await viewer().then((v) => (v ? store.findLive(v.sessionId, now) : null)));
    if (!session) return;
    await store.revoke([session._id], 'logout');
    securityLog.record('LOGOUT', { userId: session.userId, client, sessionId: session._id });
  }

  /** Ends every session of the viewer, this one included. */
  async function logoutAll(viewer: Viewer, client: ClientInfo): Promise<void> {
    await store.revokeAllOf(viewer.userId, 'logout_all');
    securityLog.record('ALL_SESSIONS_REVOKED', { userId: viewer.userId, client, sessionId: viewer.sessionId });
  }

  /**
   * Ends one of the viewer's own sessions. Null when there is none of theirs by that id:
   * someone else's session and no session at all look the same, so nothing is revealed.
   */
  async function revokeOwn(
    viewer: Viewer,
    sessionId: string,
    client: ClientInfo,
  ): Promise<{ wasCurrent: boolean } | null> {
    const session = await store.findLive(sessionId, clock.now());
    if (!session || !session.userId.equals(viewer.userId)) return null;
    await store.revoke([session._id], 'revoked_by_user');
    // The session id of the event is the one ended; the request came from the viewer's.
    securityLog.record('SESSION_REVOKED', { userId: viewer.userId, client, sessionId: session._id });
    return { wasCurrent: session._id === viewer.sessionId };
  }

  /** The viewer's live sessions, most recently used first, at most `limit` of them. */
  async function listOwn(viewer: Viewer, limit: number): Promise<SessionDocument[]> {
    return store.listLive(viewer.userId, limit, clock.now());
  }

  /**
   * Whether this session proved who it is within `withinMs`: at sign-in, or by entering the
   * password again since (`markAuthenticated`), counting back from `now`. False for a session that is gone.
   */
  async function authenticatedWithin(sessionId: string, withinMs: number, now: Date): Promise<boolean> {
    const session = await store.findLive(sessionId, now);
    const at = session && (session.authenticatedAt ?? session.createdAt);
    return !!at && now.getTime() - at.getTime() <= withinMs;
  }

  return {
    create,
    endReplaced,
    authenticatedWithin,
    markAuthenticated: store.markAuthenticated,
    renew,
    rotate,
    logout,
    logoutAll,
    revokeOwn,
    listOwn,
    revoke: store.revoke,
    revokeAllOf: store.revokeAllOf,
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
