// Every row of the main table, in the order they run in each round (a scenario
// next to its baseline), and how a row's rounds become its medians and ratio.
import type { Db } from 'mongodb';
import * as OTPAuth from 'otpauth';
import { load } from './load';
import type { CpuPlan, Probed } from './processes';
import { runWorker } from './processes';
import type { FinishedRow, MedianStats, Target } from './results';
import { MEDIAN_KEYS } from './results';
import * as scenario from './scenarios';
import type { RefreshHolder, Scenario } from './scenarios';
import { insertSessions } from './seed';
import type { SeededUser } from './seed';
import type { Round, Settings } from './settings';
import { median } from './stats';
import type { RoundStats } from './stats';
import { judge } from './targets';

/** What the rows run against: the processes, the database and what was seeded. */
export interface BenchContext {
  settings: Settings;
  runId: string;
  cpus: CpuPlan;
  /** The API every row but one runs against: ACCESS_TOKEN_ALG=HS256, tokens signed by the harness. */
  api: Probed;
  apiNoCache: Probed;
  /** The same API with ACCESS_TOKEN_ALG=ES256 (issue 21): `me` under ES256 beside `me` on `api`. */
  apiEs256: Probed;
  bare: Probed;
  secret: string;
  mongodbUri: string;
  smtpUrl: string;
  db: Db;
  users: SeededUser[];
  emails: string[];
  accessTokens: string[];
  /** ES256 access tokens issued by `apiEs256` for the sessions of `accessTokens`, in order. */
  es256AccessTokens: string[];
  refreshHolders: RefreshHolder[];
  /** Sessions seeded for the driver baselines alone (lib/tasks.ts Slot[]). */
  slotsFile: string;
  notes: string[];
}

export interface Row {
  id: string;
  label: string;
  /** One round; `override` replaces the row's own round length (the scale steps use it). */
  run(override?: Round): Promise<RoundStats>;
  baseline?: string;
  metric?: 'rps' | 'p99';
  target?: Target;
}

/** A row that drives `target` over HTTP with autocannon and reads its event-loop probe. */
function httpRow(target: Probed, route: string, connections: number, make: () => Scenario, round: Round): Row['run'] {
  return async (override) => {
    const requests = make();
    await target.resetProbe();
    const stats = await load({ url: target.url + route, connections, ...(override ?? round), ...requests });
    return { ...stats, eventLoopP99Ms: (await target.readProbe()).eventLoopP99Ms };
  };
}

export function defineRows(ctx: BenchContext): Row[] {
  const { api, apiNoCache, apiEs256, bare, settings: s } = ctx;
  const timed: Round = { duration: s.duration };
  const driver = (kind: 'mongoMe' | 'mongoRotate', seconds: number, concurrency: number) => () =>
    runWorker(ctx.cpus, { kind, seconds, concurrency, uri: ctx.mongodbUri, slotsFile: ctx.slotsFile });
  const me = () => ({ next: scenario.me(ctx.accessTokens) });
  let registerRound = 0;
  return [
    {
      id: 'bare',
      label: 'bare Express JSON route',
      run: httpRow(bare, '/bare', s.connections, () => ({ next: scenario.typename() }), timed),
    },
    {
      id: 'typename',
      label: 'Apollo `{ __typename }`',
      run: httpRow(api, '/graphql', s.connections, () => ({ next: scenario.typename() }), timed),
      baseline: 'bare',
    },
    {
      id: 'me',
      label: '`me` (JWT + revocation check + user read)',
      run: httpRow(api, '/graphql', s.connections, me, timed),
      baseline: 'typename',
      target: { op: '>=', value: 0.5 },
    },
    {
      // Same sessions, same users, same process build: only the signature differs. A token
      // seen before is answered from the verified-token cache (auth/tokens.ts), as on `api`.
      id: 'meEs256',
      label: '`me`, ACCESS_TOKEN_ALG=ES256 (tokens with `kid`, issued by that API)',
      run: httpRow(apiEs256, '/graphql', s.connections, () => ({ next: scenario.me(ctx.es256AccessTokens) }), timed),
      baseline: 'me',
      target: { op: '>=', value: 0.95 },
    },
    {
      id: 'mongoMe',
      label: `\`me\` db reads via the driver (session + user by _id), ${s.connections} concurrent`,
      run: driver('mongoMe', s.duration, s.connections),
    },
    {
      id: 'meNoCache',
      label: '`me`, SESSION_CACHE_TTL=0 (check hits the db)',
      run: httpRow(apiNoCache, '/graphql', s.connections, me, timed),
      baseline: 'me',
    },
    {
      id: 'sessions',
      label: '`sessions(first: 50)` (JWT + revocation check + list by user)',
      run: httpRow(api, '/graphql', s.connections, () => scenario.sessions(ctx.accessTokens), timed),
      baseline: 'me',
    },
    {
      id: 'bcrypt',
      label: `raw bcrypt.compare, cost 12, ${s.loginConcurrency} concurrent`,
      run: () =>
        runWorker(ctx.cpus, {
          kind: 'bcrypt',
          seconds: s.slowDuration,
          concurrency: s.loginConcurrency,
          cost: 12,
          password: scenario.PASSWORD,
        }),
    },
    {
      id: 'login',
      label: '`login` (bcrypt cost 12)',
      run: httpRow(
        api,
        '/graphql',
        s.loginConcurrency,
        () => ({ next: scenario.login(ctx.emails) }),
        s.slowRound(s.loginConcurrency),
      ),
      baseline: 'bcrypt',
      target: { op: '>=', value: 0.9 },
    },
    {
      id: 'meDuringLogins',
      label: '`me` while a login storm runs',
      run: () => meDuringLogins(ctx),
      baseline: 'me',
      metric: 'p99',
      target: { op: '<=', value: 3 },
    },
    {
      id: 'loginDuringRegenerations',
      label: `\`login\` of other accounts while ${REGENERATORS} accounts regenerate recovery codes in a loop`,
      run: () => loginDuringRegenerations(ctx),
      baseline: 'login',
      metric: 'p99',
    },
    {
      id: 'mongoRotate',
      label: `refresh db operations via the driver, ${s.writeConcurrency} concurrent`,
      run: driver('mongoRotate', s.slowDuration, s.writeConcurrency),
    },
    {
      id: 'refresh',
      label: `\`refreshToken\` rotation, ${s.writeConcurrency} connections`,
      run: httpRow(
        api,
        '/graphql',
        s.writeConcurrency,
        () => scenario.refresh(ctx.refreshHolders),
        s.slowRound(s.writeConcurrency),
      ),
      baseline: 'mongoRotate',
      target: { op: '>=', value: 0.6 },
    },
    {
      id: 'register',
      label: '`register` (bcrypt cost 12)',
      run: httpRow(
        api,
        '/graphql',
        s.loginConcurrency,
        () => ({ next: scenario.register(`${ctx.runId}-${registerRound++}`) }),
        s.slowRound(s.loginConcurrency),
      ),
      baseline: 'bcrypt',
    },
    {
      id: 'logout',
      label: `\`logout\` (refresh cookie), ${s.writeConcurrency} connections, ${s.closedRound(s.writeConcurrency).amount} requests`,
      run: () => logoutRound(ctx, 'logout'),
    },
  ];
}

async function meDuringLogins({ api, settings: s, accessTokens, emails }: BenchContext): Promise<RoundStats> {
  await api.resetProbe();
  const url = `${api.url}/graphql`;
  const [meStats, loginStats] = await Promise.all([
    load({ url, connections: s.connections, duration: s.slowDuration, next: scenario.me(accessTokens) }),
    load({ url, connections: s.loginConcurrency, duration: s.slowDuration, next: scenario.login(emails) }),
  ]);
  const { eventLoopP99Ms } = await api.readProbe();
  return { ...meStats, errors: meStats.errors + loginStats.errors, loginRps: loginStats.rps, eventLoopP99Ms };
}

/** Accounts regenerating their recovery codes, each on one connection, in the row below. */
const REGENERATORS = 4;
const regeneratorsOf = new WeakMap<BenchContext, Promise<string[]>>();

/**
 * Another account's login latency while REGENERATORS accounts each regenerate their recovery
 * codes in a loop (issue 19 §2): before, each regeneration took 11 places of the hashing pool.
 * The ratio is its p99 over the idle `login` row's.
 */
async function loginDuringRegenerations(ctx: BenchContext): Promise<RoundStats> {
  const { api, settings: s, emails } = ctx;
  if (!regeneratorsOf.has(ctx)) regeneratorsOf.set(ctx, withMfa(ctx, REGENERATORS));
  const tokens = await regeneratorsOf.get(ctx)!;
  await api.resetProbe();
  const url = `${api.url}/graphql`;
  const duration = s.slowDuration;
  const [loginStats, ...loops] = await Promise.all([
    load({ url, connections: s.loginConcurrency, duration, next: scenario.login(emails) }),
    ...tokens.map((token) => load({ url, connections: 1, duration, next: scenario.regenerate(token) })),
  ]);
  const { eventLoopP99Ms } = await api.readProbe();
  const errors = loops.reduce((sum, loop) => sum + loop.errors, loginStats.errors);
  return { ...loginStats, errors, eventLoopP99Ms };
}

/** `count` new accounts with a confirmed address and TOTP on, through the API: their access tokens. */
async function withMfa(ctx: BenchContext, count: number): Promise<string[]> {
  const gql = async (query: string, variables: unknown, token?: string) => {
    const res = await fetch(`${ctx.api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const json = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (json.errors) throw new Error(`bench MFA setup: ${JSON.stringify(json.errors)}`);
    return json.data!;
  };
  const input = { password: scenario.PASSWORD };
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const email = `mfa-${ctx.runId}-${i}@bench.example`;
      const registered = await gql('mutation($input: RegisterInput!) { register(input: $input) { accessToken } }', {
        input: { email, ...input },
      });
      const token = (registered.register as { accessToken: string }).accessToken;
      await ctx.db.collection('users').updateOne({ email }, { $set: { emailVerifiedAt: new Date() } });
      const setup = await gql(
        'mutation($input: PasswordInput!) { startTotpSetup(input: $input) { secret } }',
        { input },
        token,
      );
      const secret = (setup.startTotpSetup as { secret: string }).secret;
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
      await gql('mutation($input: MfaCodeInput!) { confirmTotpSetup(input: $input) }', { input: { code } }, token);
      return token;
    }),
  );
}

/**
 * Logout spends one live session per request: a pool of fresh ones per round, plus spares.
 * `where` names the round in the note about an exhausted pool.
 */
export async function logoutRound(ctx: BenchContext, where: string): Promise<RoundStats> {
  const round = ctx.settings.closedRound(ctx.settings.writeConcurrency);
  const kept = await insertSessions(ctx.db, { users: ctx.users, count: round.amount + 10, userAgent: 'bench-logout' });
  const logout = scenario.logout(kept.map((session) => session.refreshToken));
  // Closed round: a logout takes longer than a round on FerretDB, so a timed round would count none.
  const stats = await httpRow(ctx.api, '/graphql', ctx.settings.writeConcurrency, () => logout, round)();
  if (logout.state.exhausted) {
    ctx.notes.push(`${where}: ${logout.state.exhausted} requests ran past the session pool (reused cookies)`);
  }
  await dropUnused(
    ctx.db,
    kept.map((session) => session.sessionId),
  );
  return stats;
}

/**
 * Removes what a round left of its pool, so the rows run at a steady database size.
 * By the pool's ids, which the indexes serve, not by user agent, which would scan.
 */
async function dropUnused(db: Db, ids: string[]): Promise<void> {
  await db.collection<{ _id: string }>('sessions').deleteMany({ _id: { $in: ids } });
  await db.collection('refresh_tokens').deleteMany({ sessionId: { $in: ids } });
}

/** A row with the rounds it ran. */
export type Measured = Row & { rounds: RoundStats[]; warmup: RoundStats | null };

function ratioOf(row: Measured, byId: ReadonlyMap<string, Measured>, round: number): number | null {
  const base = row.baseline ? byId.get(row.baseline)?.rounds[round] : undefined;
  const own = row.rounds[round];
  if (!base || !own) return null;
  const metric = row.metric ?? 'rps';
  return base[metric] > 0 ? own[metric] / base[metric] : null;
}

export function finishRows(rows: readonly Measured[]): FinishedRow[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return rows.map((row) => {
    const med = Object.fromEntries(MEDIAN_KEYS.map((k) => [k, median(row.rounds.map((r) => r[k]))])) as MedianStats;
    const ratio = row.baseline ? median(row.rounds.map((_, i) => ratioOf(row, byId, i))) : null;
    const base = row.baseline ? byId.get(row.baseline) : undefined;
    const vsLabel = base ? `${base.label.split(' (')[0]}${row.metric === 'p99' ? ' (p99)' : ''}` : '';
    return {
      id: row.id,
      label: row.label,
      rounds: row.rounds,
      warmup: row.warmup,
      median: med,
      errors: row.rounds.reduce((sum, r) => sum + r.errors, 0),
      baseline: row.baseline ?? null,
      vsLabel,
      ratio,
      ratioUnit: row.metric === 'p99' ? '×' : '',
      target: row.target ?? null,
      met: judge(row.target, ratio),
    };
  });
}
