/**
 * The browser's half of the session model.
 *
 * - The access token (a short-lived JWT) lives in this object's memory only: never in
 *   localStorage or a readable cookie, where injected script could lift it (OWASP ASVS 3.2.3).
 * - The refresh token is an HttpOnly cookie this code never sees; `refreshToken` exchanges it
 *   for a new access token and rotates it.
 * - Rotation makes a second refresh with an already-used cookie look like a replay, which the
 *   server answers by ending the session. So refreshes are single-flight inside a tab and run
 *   one at a time across tabs under a lock; the tab that refreshes shares its result.
 *
 * Everything browser-specific (fetch, locks, BroadcastChannel, timers) is injected, so this
 * logic runs under jest without a browser.
 */
import type { AuthPayload, SignedInUser } from './authPayloadFields';
import type { TabChannel, TabMessage } from './tabChannel';

export type AuthState =
  | { status: 'restoring' }
  | { status: 'signedIn'; user: SignedInUser }
  | { status: 'signedOut'; reason: 'anonymous' | 'loggedOut' | 'expired' }
  | { status: 'unreachable' };

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AuthSessionDeps {
  /** Calls `refreshToken`. Resolves null when the server refuses the cookie; throws when it cannot be reached. */
  refresh(): Promise<AuthPayload | null>;
  tabs: TabChannel;
  clock: Clock;
}

interface HeldToken {
  value: string;
  /** Local time after which the token should be treated as expired, or null when the clocks disagree. */
  staleAt: number | null;
}

/** Refresh this long before expiry, capped at a quarter of the token's lifetime. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * How long a tab that waited for the lock waits for the holder's token to arrive. The holder
 * posts it before letting go, but the browser may hand over the lock before the message.
 */
const TAB_MESSAGE_WAIT_MS = 500;

export class AuthSession {
  private state: AuthState = { status: 'restoring' };
  private token: HeldToken | null = null;
  private inFlight: Promise<string | null> | null = null;
  private timer: unknown = null;
  /** Counts sign-outs, so a refresh that was already out when the user signed out is discarded. */
  private signOuts = 0;
  private readonly listeners = new Set<() => void>();
  private readonly messageWaiters = new Set<() => void>();

  constructor(private readonly deps: AuthSessionDeps) {
    deps.tabs.onMessage((message) => this.onTabMessage(message));
  }

  getState = (): AuthState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** On page load, or to try again when the API was unreachable: the HttpOnly cookie, if any, restores the session. */
  restore(): Promise<string | null> {
    if (this.state.status !== 'restoring' && this.state.status !== 'unreachable')
      return Promise.resolve(this.token?.value ?? null);
    this.setState({ status: 'restoring' });
    return this.refresh().catch(() => {
      this.setState({ status: 'unreachable' });
      return null;
    });
  }

  /** After `login`, `register` or `changePassword`: hold the new token and tell the other tabs. */
  signIn(payload: AuthPayload): void {
    this.accept(payload);
    this.deps.tabs.post({ type: 'signedIn', payload });
  }

  /** After `logout` or `logoutAll`: forget the token here and in every other tab. */
  signOut(): void {
    this.signOuts++;
    this.clear({ status: 'signedOut', reason: 'loggedOut' });
    this.deps.tabs.post({ type: 'signedOut' });
  }

  /**
   * The token to send with a request. Waits for a refresh in flight, and refreshes first when
   * the held token has expired (timers may not have run while the tab slept).
   */
  async tokenForRequest(): Promise<string | null> {
    if (this.inFlight) return this.inFlight.catch(() => this.token?.value ?? null);
    if (!this.token) return null;
    if (this.isStale(this.token)) return this.refresh().catch(() => this.token?.value ?? null);
    return this.token.value;
  }

  /**
   * The server refused `rejected`. Returns a token worth one retry, or null when there is none.
   * If another request already replaced the rejected token, its replacement is used: N requests
   * failing together cause one refresh, not N.
   */
  async recover(rejected: string): Promise<string | null> {
    if (this.inFlight) return this.inFlight;
    if (!this.token) return null;
    if (this.token.value !== rejected) return this.token.value;
    return this.refresh();
  }

  /**
   * Runs `task` (a request whose answer sets a new refresh cookie) while no refresh runs in this
   * tab or another: refreshes take the same cross-tab lock, so one already out finishes first and
   * any asked for meanwhile waits until `task` settles.
   */
  withoutRefresh<T>(task: () => Promise<T>): Promise<T> {
    return this.deps.tabs.runExclusive(() => task());
  }

  /** Single flight: every caller during a refresh shares its result. */
  refresh(): Promise<string | null> {
    this.inFlight ??= this.refreshAcrossTabs().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private refreshAcrossTabs(): Promise<string | null> {
    const before = this.token;
    const signOuts = this.signOuts;
    return this.deps.tabs.runExclusive(async ({ waited }) => {
      // Another tab held the lock, so it was refreshing: its token (or sign-out) is on its way by
      // message. Rotating again would spend a request and a rotation for nothing.
      if (waited && this.token === before && this.signOuts === signOuts) await this.nextTabMessage();
      if (this.signOuts !== signOuts) return null;
      if (this.token && this.token !== before && !this.isStale(this.token)) return this.token.value;
      const payload = await this.deps.refresh();
      // A sign-in that landed while the request was out (say, the page-load restore racing a
      // quick login) is newer than whatever the refresh found.
      if (this.token !== before && this.token) return this.token.value;
      if (this.signOuts !== signOuts) return null;
      if (!payload) {
        const wasSignedIn = this.state.status === 'signedIn';
        this.clear({ status: 'signedOut', reason: wasSignedIn ? 'expired' : 'anonymous' });
        if (wasSignedIn) this.deps.tabs.post({ type: 'signedOut' });
        return null;
      }
      this.accept(payload);
      this.deps.tabs.post({ type: 'signedIn', payload });
      return payload.accessToken;
    });
  }

  private onTabMessage(message: TabMessage): void {
    if (message.type === 'signedIn') this.accept(message.payload);
    else {
      this.signOuts++;
      if (this.state.status === 'signedIn') this.clear({ status: 'signedOut', reason: 'loggedOut' });
    }
    for (const wake of [...this.messageWaiters]) wake();
  }

  /** Resolves on the next message from another tab, or after TAB_MESSAGE_WAIT_MS without one. */
  private nextTabMessage(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.deps.clock.clearTimeout(timer);
        this.messageWaiters.delete(wake);
        resolve();
      };
      const timer = this.deps.clock.setTimeout(wake, TAB_MESSAGE_WAIT_MS);
      this.messageWaiters.add(wake);
    });
  }

  private accept(payload: AuthPayload): void {
    const now = this.deps.clock.now();
    const lifetime = Date.parse(payload.expiresAt) - now;
    // A token that looks expired on arrival means this clock runs ahead of the server's. Then the
    // local clock says nothing useful: no proactive refresh, the server's refusal triggers one.
    const staleAt = lifetime > 0 ? now + lifetime - Math.min(REFRESH_MARGIN_MS, lifetime / 4) : null;
    this.token = { value: payload.accessToken, staleAt };
    this.schedule(staleAt === null ? null : staleAt - now);
    if (!this.holdsUser(payload.user)) this.setState({ status: 'signedIn', user: payload.user });
  }

  private clear(state: AuthState): void {
    this.token = null;
    this.schedule(null);
    this.setState(state);
  }

  private schedule(delay: number | null): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    if (delay === null) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      // A failed proactive refresh is not fatal: the next request refreshes or reports the error.
      this.refresh().catch(() => undefined);
    }, delay);
  }

  private isStale(token: HeldToken): boolean {
    return token.staleAt !== null && this.deps.clock.now() >= token.staleAt;
  }

  private holdsUser(user: SignedInUser): boolean {
    const held = this.state.status === 'signedIn' ? this.state.user : null;
    return held !== null && held.id === user.id && held.email === user.email && held.name === user.name;
  }

  private setState(state: AuthState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
