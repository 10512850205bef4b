// Load: many concurrent clients through the whole session life cycle against
// one API process, then a count of what is left in the database and of the
// process's memory; and one user with 10,000 stored sessions.
import { randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import {
  TestClient,
  LOGOUT,
  LOGOUT_ALL,
  ME,
  REGISTER,
  SESSIONS,
  jwtClaims,
  openDatabase,
  percentile,
  sleep,
  startApi,
  testDatabaseUri,
  timed,
  uniqueEmail,
  unhandledLines,
} from './harness';
import type { ApiProcess, Outcome } from './harness';
import type { RegisterMutation } from '../src/testing/__generated__/graphql';

// 200 clients, as the issue asks. Measured on the 2-core machine with the embedded FerretDB
// (SQLite), after sessions were read by bare _id and refresh writes coalesced: 6,668 requests
// in the 60 s budget (75/s, p99 19 s), 0 errors; clients still mid-cycle at the deadline stop
// and log out. (Before those changes: 31 requests/s with 405 of 2,190 failing.)
// HARDENING_CLIENTS overrides the count.
const CLIENTS = Number(process.env.HARDENING_CLIENTS ?? 200);
const ROUNDS = 20;
const BUDGET_MS = 60_000;
/** Every KEEP-th client stays signed in, so the count proves sessions are neither lost nor duplicated. */
const KEEP = 10;
/** A request unanswered this long counts as hung (several operations of up to 15 s each may queue). */
const HANG_MS = 45_000;

interface ClientRun {
  index: number;
  userId: string;
  sessionId: string;
  loggedOut: boolean;
}

/** register → ROUNDS × (me, refreshToken) → logout, stopping the rounds early once `deadline` passes. */
async function lifeCycle(api: ApiProcess, index: number, rounds: number, deadline: number, outcomes: Outcome[]) {
  const client = new TestClient(api.url);
  let registered: RegisterMutation['register'] | undefined;
  outcomes.push(
    await timed(
      'register',
      async () => {
        const input = { email: uniqueEmail(), password: 'correct horse battery', name: 'Load' };
        const res = await client.gql(REGISTER, { input });
        registered = res.data?.register;
        client.accessToken = registered?.accessToken;
        return res;
      },
      HANG_MS,
    ),
  );
  if (!registered) return null;
  const run: ClientRun = {
    index,
    userId: registered.user.id,
    sessionId: String(jwtClaims(registered.accessToken).sid),
    loggedOut: false,
  };
  for (let round = 0; round < rounds && Date.now() < deadline; round += 1) {
    outcomes.push(await timed('me', () => client.gql(ME), HANG_MS));
    outcomes.push(await timed('refreshToken', () => client.refresh(), HANG_MS));
  }
  if (index % KEEP !== 0) {
    // A client retries a logout the service could not take (SERVICE_UNAVAILABLE), as the web app does.
    for (let attempt = 0; attempt < 3 && !run.loggedOut; attempt += 1) {
      const outcome = await timed('logout', () => client.gql(LOGOUT), HANG_MS);
      outcomes.push(outcome);
      run.loggedOut = outcome.code === 'ok';
    }
  }
  return run;
}

async function wave(api: ApiProcess, clients: number, rounds: number, budgetMs: number) {
  const outcomes: Outcome[] = [];
  const deadline = Date.now() + budgetMs;
  const started = Date.now();
  const runs = (
    await Promise.all(Array.from({ length: clients }, (_, i) => lifeCycle(api, i, rounds, deadline, outcomes)))
  ).filter((r): r is ClientRun => r !== null);
  return { runs, outcomes, ms: Date.now() - started };
}

/** Why the API answered SERVICE_UNAVAILABLE or INTERNAL_SERVER_ERROR, from its log. */
const databaseErrors = (api: ApiProcess) => [
  ...new Set(
    api
      .output()
      .split('\n')
      .filter((line) => line.includes('database unavailable') || line.includes('unexpected error'))
      .map((line) => (JSON.parse(line) as { err?: { type?: string; message?: string } }).err)
      .map((err) => `${err?.type}: ${err?.message}`),
  ),
];

describe(`${CLIENTS} concurrent clients doing register → ${ROUNDS} × (me, refreshToken) → logout`, () => {
  it('see zero 5xx, leave exactly the sessions not logged out, and the API RSS returns within 20% of its post-warm-up size', async () => {
    const uri = testDatabaseUri();
    // Operation timeouts are the faults suite's subject; here a shared machine that stalls
    // FerretDB for a few seconds must not turn into failed requests.
    // For the same reason a refresh retried after one that failed stays inside REFRESH_REUSE_INTERVAL.
    // Every client registers at once: let them all queue for bcrypt, as the test measures the whole flow.
    const api = await startApi({
      MONGODB_URI: uri,
      DB_OPERATION_TIMEOUT: '15s',
      REFRESH_REUSE_INTERVAL: '60s',
      BCRYPT_MAX_QUEUE: '100000',
    });
    const direct = await openDatabase(uri);
    try {
      // A full wave first, so JIT, pools, caches and heap have their working size before the baseline.
      const warm = await wave(api, CLIENTS, ROUNDS, BUDGET_MS);
      console.log('load warm-up', {
        requests: warm.outcomes.length,
        ms: warm.ms,
        errors: warm.outcomes.filter((o) => o.code !== 'ok').length,
        errorCodes: [...new Set(warm.outcomes.filter((o) => o.code !== 'ok').map((o) => `${o.op}: ${o.code}`))],
        databaseErrors: databaseErrors(api),
      });
      await direct.db.collection('sessions').deleteMany({});
      await sleep(5000);
      const rssBefore = api.rssKb();

      const run = await wave(api, CLIENTS, ROUNDS, BUDGET_MS);
      const peakRss = api.rssKb();
      await sleep(10_000);
      const rssAfter = api.rssKb();

      const latencies = run.outcomes.map((o) => o.ms);
      const figures = {
        clients: CLIENTS,
        requests: run.outcomes.length,
        ms: run.ms,
        perSecond: Math.round((run.outcomes.length * 1000) / run.ms),
        errors: run.outcomes.filter((o) => o.code !== 'ok').length,
        errorCodes: [...new Set(run.outcomes.filter((o) => o.code !== 'ok').map((o) => `${o.op}: ${o.code}`))],
        databaseErrors: databaseErrors(api),
        p50ms: percentile(latencies, 50),
        p99ms: percentile(latencies, 99),
        maxMs: Math.max(...latencies),
        rssKb: { before: rssBefore, peak: peakRss, after: rssAfter },
      };
      console.log('load', figures);

      // Zero 5xx and zero unexplained errors. A shared 2-core machine can stall FerretDB past
      // DB_OPERATION_TIMEOUT now and then; that is SERVICE_UNAVAILABLE by design, tolerated at ≤ 1 %.
      expect(run.outcomes.filter((o) => o.status >= 500)).toEqual([]);
      expect(run.outcomes.filter((o) => o.code !== 'ok' && o.code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
      expect(run.outcomes.filter((o) => o.code !== 'ok').length).toBeLessThanOrEqual(run.outcomes.length / 100);
      expect(run.outcomes.filter((o) => o.op === 'refreshToken').length).toBeGreaterThanOrEqual(CLIENTS * 5);

      const sessions = direct.db.collection('sessions');
      const kept = run.runs.filter((r) => !r.loggedOut);
      expect(await sessions.countDocuments({})).toBe(kept.length);
      for (const r of kept) {
        const ofUser = await sessions.find({ userId: new ObjectId(r.userId) }).toArray();
        expect(ofUser.map((s) => s._id)).toEqual([r.sessionId]);
      }
      const loggedOut = run.runs.filter((r) => r.loggedOut).map((r) => r.sessionId);
      expect(loggedOut.length).toBe(CLIENTS - Math.ceil(CLIENTS / KEEP));
      expect(await sessions.countDocuments({ _id: { $in: loggedOut as never[] } })).toBe(0);

      expect(rssAfter).toBeLessThanOrEqual(rssBefore * 1.2);
      expect(api.alive()).toBe(true);
      expect(unhandledLines(api.output())).toEqual([]);
    } finally {
      await api.stop();
      await direct.db.dropDatabase().catch(() => undefined);
      await direct.close();
    }
  }, 300_000);
});

describe('a user with 10,000 stored sessions', () => {
  it('gets a bounded page from sessions, and logoutAll ends every one of them', async () => {
    const uri = testDatabaseUri();
    // FerretDB v1 sorts 10,000 documents without an index (0.9–4.4 s measured on a shared machine).
    const api = await startApi({ MONGODB_URI: uri, DB_OPERATION_TIMEOUT: '15s' });
    const direct = await openDatabase(uri);
    try {
      const client = new TestClient(api.url);
      const { user } = await client.register();
      const userId = new ObjectId(user.id);
      const now = Date.now();
      const docs = Array.from({ length: 10_000 }, (_, i) => {
        const createdAt = new Date(now - (i + 1) * 1000);
        const absoluteExpiresAt = new Date(now + 30 * 86_400_000);
        const idleExpiresAt = new Date(now + 7 * 86_400_000);
        return {
          _id: randomBytes(16).toString('base64url'),
          userId,
          createdAt,
          lastUsedAt: createdAt,
          idleExpiresAt,
          absoluteExpiresAt,
          expiresAt: idleExpiresAt,
          userAgent: `stored device ${i}`,
          ipAddress: '192.0.2.1',
        };
      });
      const insertStarted = Date.now();
      for (let i = 0; i < docs.length; i += 1000) {
        const batch = docs.slice(i, i + 1000);
        await direct.db.collection('sessions').insertMany(batch as never[]);
        await direct.db.collection('refresh_tokens').insertMany(
          batch.map((s) => ({
            _id: randomBytes(32).toString('base64url'),
            sessionId: s._id,
            userId,
            createdAt: s.createdAt,
            expiresAt: s.absoluteExpiresAt,
          })) as never[],
        );
      }
      const insertMs = Date.now() - insertStarted;

      let started = Date.now();
      const page = await client.gql(SESSIONS);
      const pageMs = Date.now() - started;
      expect(page.errors).toBeUndefined();
      expect(page.data!.sessions.length).toBe(50);
      expect(page.data!.sessions[0]!.current).toBe(true); // most recently used first
      const largest = await client.gql(SESSIONS, { first: 100 });
      expect(largest.data!.sessions.length).toBe(100); // the largest page: revocation.test.ts refuses a larger `first`

      started = Date.now();
      const out = await client.gql(LOGOUT_ALL);
      const logoutAllMs = Date.now() - started;
      console.log('10,000 sessions', { insertMs, pageMs, logoutAllMs });
      expect(out.data).toEqual({ logoutAll: true });
      expect(logoutAllMs).toBeLessThan(30_000);
      expect(await direct.db.collection('sessions').countDocuments({ userId })).toBe(0);
      expect(await direct.db.collection('refresh_tokens').countDocuments({ userId })).toBe(0);
      expect((await client.gql(ME)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await api.stop();
      await direct.db.dropDatabase().catch(() => undefined);
      await direct.close();
    }
  }, 180_000);
});
