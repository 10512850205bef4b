// Every row of the main table, in the order they run in each round (a scenario
// next to its baseline), and how a row's rounds become its medians and ratio.
import type { Db } from 'mongodb';
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
  api: Probed;
  apiNoCache: Probed;
  bare: Probed;
  secret: string;
  mongodbUri: string;
  smtpUrl: string;
  db: Db;
  users: SeededUser[];
  emails: string[];
  accessTokens: string[];
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
  const { api, apiNoCache, bare, settings: s } = ctx;
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
