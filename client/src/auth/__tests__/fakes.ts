import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { Observable } from 'rxjs';
import { createAuthLinks } from '../authLinks';
import { AuthSession } from '../authSession';
import type { AuthPayload } from '../authPayloadFields';
import type { Clock } from '../authSession';
import type { TabChannel, TabMessage, Turn } from '../tabChannel';

export const user = { id: 'u1', email: 'ada@example.com', name: 'Ada' };

/** A clock whose time and timers move only when the test says so. */
export class FakeClock implements Clock {
  time = Date.parse('2026-11-28T12:00:00Z');
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number);
  };
  pendingTimers = () => this.timers.size;

  /** Moves time forward without running timers, as in a tab the browser froze. */
  skip(ms: number) {
    this.time += ms;
  }

  advance(ms: number) {
    this.time += ms;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at > this.time) continue;
      this.timers.delete(id);
      timer.callback();
    }
  }
}

/** Tabs of one browser: a shared lock queue and a channel delivering to every other tab. */
export class FakeBrowser {
  /** When set, messages wait in a queue until `deliver()`: the browser handed over the lock first. */
  lateMessages = false;
  private lock: Promise<unknown> = Promise.resolve();
  private holdersAndWaiters = 0;
  private queued: (() => void)[] = [];
  private readonly tabs: ((message: TabMessage) => void)[][] = [];

  tab(): TabChannel {
    const listeners: ((message: TabMessage) => void)[] = [];
    this.tabs.push(listeners);
    return {
      runExclusive: <T>(task: (turn: Turn) => Promise<T>): Promise<T> => {
        const turn = { waited: this.holdersAndWaiters > 0 };
        this.holdersAndWaiters++;
        const run = this.lock.then(
          () => task(turn),
          () => task(turn),
        );
        this.lock = run.then(
          () => this.holdersAndWaiters--,
          () => this.holdersAndWaiters--,
        );
        return run;
      },
      post: (message) => {
        for (const other of this.tabs) {
          if (other === listeners) continue;
          const send = () => other.forEach((listener) => listener(message));
          if (this.lateMessages) this.queued.push(send);
          else send();
        }
      },
      onMessage: (listener) => {
        listeners.push(listener);
      },
    };
  }

  deliver() {
    for (const send of this.queued.splice(0)) send();
  }
}

/**
 * The API's refresh endpoint: issues token-1, token-2, ... with the given lifetime, or refuses
 * once `revoked` is set. Each call can be held open to create concurrency.
 */
export class FakeRefreshServer {
  calls = 0;
  /** Each refresh as it reaches the server and as its answer leaves, beside what `clientFor` logs. */
  log: string[] = [];
  revoked = false;
  unreachable = false;
  /** False makes the API refuse the tokens it issues, as if the session ended right after a refresh. */
  honoursIssued = true;
  valid = new Set<string>();
  private issued = 0;
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;

  constructor(
    private readonly clock: FakeClock,
    private readonly lifetimeMs = 60_000,
  ) {}

  hold() {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release() {
    this.openGate?.();
    this.gate = null;
  }

  issue(): AuthPayload {
    const accessToken = `token-${++this.issued}`;
    if (this.honoursIssued) this.valid.add(accessToken);
    return { accessToken, expiresAt: new Date(this.clock.now() + this.lifetimeMs).toISOString(), user };
  }

  refresh = async (): Promise<AuthPayload | null> => {
    this.calls++;
    this.log.push('refresh sent');
    try {
      if (this.gate) await this.gate;
      if (this.unreachable) throw new TypeError('Failed to fetch');
      if (this.revoked) return null;
      return this.issue();
    } finally {
      this.log.push('refresh answered');
    }
  };
}

/** An error answer of the API, as `errors[0]` with this `extensions.code`. */
export function refusal(code: string, message = 'Refused'): ApolloLink.Result {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * An Apollo client whose terminating link plays the API: `me` answers when the bearer token is
 * in `valid`, and fails with UNAUTHENTICATED otherwise. `answers` replaces that answer for the
 * operations it names (by operation name), whatever the token. `log` records each operation as
 * it reaches the API and as its answer leaves; `hold` delays every answer until it resolves.
 */
export function clientFor(
  session: AuthSession,
  server: FakeRefreshServer,
  answers: Record<string, ApolloLink.Result> = {},
  { log = [], hold = () => Promise.resolve() }: { log?: string[]; hold?: () => Promise<void> } = {},
) {
  const sent: (string | null)[] = [];
  const api = new ApolloLink((operation) => {
    const header = (operation.getContext().headers as Record<string, string> | undefined)?.authorization;
    const token = header?.replace(/^Bearer /, '') ?? null;
    sent.push(token);
    const answer = answers[operation.operationName ?? ''];
    log.push(`${operation.operationName} sent`);
    return new Observable((observer) => {
      void hold().then(() =>
        setTimeout(() => {
          log.push(`${operation.operationName} answered`);
          observer.next(
            answer ??
              (token && server.valid.has(token)
                ? { data: { me: { __typename: 'User', id: user.id, email: user.email } } }
                : refusal('UNAUTHENTICATED', 'Not signed in')),
          );
          observer.complete();
        }, 1),
      );
    });
  });
  const client = new ApolloClient({
    link: ApolloLink.from([...createAuthLinks(session), api]),
    cache: new InMemoryCache(),
    defaultOptions: { query: { fetchPolicy: 'network-only' } },
  });
  return { client, sent };
}

export function newSession(clock: FakeClock, server: FakeRefreshServer, tabs: TabChannel) {
  return new AuthSession({ refresh: server.refresh, tabs, clock });
}
