// The steps of a run around the main rows: seeding, the JWT micro-benchmark,
// the scale steps and the memory check.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcrypt';
import jwt from 'jsonwebtoken';
import type { Db } from 'mongodb';
import { issuedAccessTokens } from './issuedTokens';
import { load } from './load';
import { apiEnv, runWorker, startProbed } from './processes';
import type { CpuPlan, Probed } from './processes';
import type { Progress } from './progress';
import { SCALE_ROWS } from './results';
import type { FinishedRow, JwtRow, Memory, MemoryPoint, ScaleCell, ScaleLevel, ScaleRowId } from './results';
import { logoutRound } from './rows';
import type { BenchContext, Row } from './rows';
import * as scenario from './scenarios';
import { hashRefreshToken, insertSessions, insertUsers } from './seed';
import type { Settings } from './settings';
import { median } from './stats';
import type { RoundStats } from './stats';
import { judge } from './targets';
import type { Slot } from './tasks';

export type Seeded = Pick<
  BenchContext,
  'users' | 'emails' | 'accessTokens' | 'es256AccessTokens' | 'refreshHolders' | 'slotsFile'
>;

interface SeedOptions {
  db: Db;
  settings: Settings;
  runId: string;
  secret: string;
  /** Where the baseline workers' slots file goes. */
  dataDir: string;
  /** The API that runs ACCESS_TOKEN_ALG=ES256: it issues the tokens of `me` under ES256. */
  es256Url: string;
}

export async function seed(options: SeedOptions, progress: Progress): Promise<Seeded> {
  const { db, settings, runId, secret, dataDir, es256Url } = options;
  const count = settings.users;
  const passwordHash = await bcrypt.hash(scenario.PASSWORD, 12);
  const users = await insertUsers(db, { count, prefix: `user-${runId}`, passwordHash });
  const meSessions = await insertSessions(db, { users, count, userAgent: 'bench-me' });
  const refreshSessions = await insertSessions(db, { users, count, userAgent: 'bench-refresh' });
  const baselineSessions = await insertSessions(db, { users, count, userAgent: 'bench-baseline' });
  const slotsFile = path.join(dataDir, 'rotate-slots.json');
  const slots: Slot[] = baselineSessions.map((s) => ({
    tokenHash: hashRefreshToken(s.refreshToken),
    sessionId: s.sessionId,
  }));
  writeFileSync(slotsFile, JSON.stringify(slots));
  progress.note(`seeded ${count} users and ${3 * count} sessions`);
  // The same sessions as the HS256 tokens below, so `me` under either algorithm reads the same
  // documents; each session's first refresh token is spent once for it (a few seconds for 1,000).
  const es256AccessTokens = await issuedAccessTokens(
    es256Url,
    meSessions.map((s) => s.refreshToken),
    { alg: 'ES256', concurrency: settings.writeConcurrency },
  );
  return {
    es256AccessTokens,
    users,
    emails: users.map((u) => u.email),
    refreshHolders: refreshSessions.map((s) => ({ cookie: s.refreshToken, pending: false, broken: false })),
    slotsFile,
    // Access tokens signed here with the API's secret, issuer and audience (what auth/tokens.ts
    // issues under HS256), also for the memory step's tokens of sessions no refresh token reaches.
    // A wrong claim would show as errors in every `me` row.
    accessTokens: meSessions.map((s) => accessToken(settings, secret, s.userId.toHexString(), s.sessionId)),
  };
}

function accessToken(settings: Settings, secret: string, sub: string, sid: string): string {
  const iat = Math.floor(Date.now() / 1000);
  return jwt.sign({ sub, sid, jti: randomUUID(), iat, exp: iat + 3600 }, secret, {
    algorithm: 'HS256',
    issuer: settings.issuer,
    audience: settings.audience,
  });
}

export async function jwtMicro({ cpus, secret, settings }: BenchContext): Promise<JwtRow[]> {
  const samples = await runWorker(cpus, {
    kind: 'jwt',
    seconds: settings.jwtSeconds,
    rounds: settings.rounds,
    secret,
    issuer: settings.issuer,
    audience: settings.audience,
  });
  const jose = { vsLabel: 'jose jwtVerify HS256', base: median(samples.joseJwtVerify) };
  const keyObject = {
    vsLabel: 'jsonwebtoken, KeyObject (what auth/tokens.ts does)',
    base: median(samples.jsonwebtokenKeyObject),
  };
  const rows = [
    { label: 'jsonwebtoken, string secret', ops: median(samples.jsonwebtokenString), ...jose },
    { label: keyObject.vsLabel, ops: keyObject.base, ...jose, target: { op: '>=' as const, value: 0.8 } },
    { label: jose.vsLabel, ops: jose.base, ...jose },
    // What an ES256 check costs before the verified-token cache holds the token (issue 21).
    {
      label: 'jsonwebtoken ES256, KeyObject (auth/tokens.ts under ES256, uncached)',
      ops: median(samples.jsonwebtokenEs256),
      ...keyObject,
    },
  ];
  return rows.map(({ base, ...row }) => {
    const ratio = row.ops !== null && base ? row.ops / base : null;
    const target = 'target' in row ? row.target : null;
    return { ...row, ratio, target, met: judge(target, ratio), samples };
  });
}

/**
 * Waits (up to 20 s each) until the database answers a point read quickly and the measured
 * processes are idle: a row's work still queued in FerretDB, or requests still being served
 * after its round ended (a bcrypt row's last logins run ~2 s past it), must not be billed to
 * the next row.
 */
export async function settle(db: Db, processes: readonly Probed[] = []): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const t0 = performance.now();
    await db.collection<{ _id: string }>('users').findOne({ _id: 'settle-probe' });
    if (performance.now() - t0 < 50) break;
    await sleep(250);
  }
  await untilIdle(processes);
}

const IDLE_WINDOW_MS = 200;
/** Below this share of one CPU over a window, a process is serving nothing. */
const IDLE_CPU_SHARE = 0.05;

async function untilIdle(processes: readonly Probed[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const before = processes.map((p) => p.cpuSeconds());
    await sleep(IDLE_WINDOW_MS);
    const busy = processes.some((p, i) => {
      const [start, end] = [before[i] ?? null, p.cpuSeconds()];
      return start !== null && end !== null && end - start > (IDLE_CPU_SHARE * IDLE_WINDOW_MS) / 1000;
    });
    if (!busy) return;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function counts(db: Db): Promise<{ sessions: number; refreshTokens: number }> {
  const [sessions, refreshTokens] = await Promise.all([
    db.collection('sessions').estimatedDocumentCount(),
    db.collection('refresh_tokens').estimatedDocumentCount(),
  ]);
  return { sessions, refreshTokens };
}

const medianOf = (list: readonly RoundStats[]): Pick<ScaleCell, 'rps' | 'p99'> => ({
  rps: median(list.map((s) => s.rps)),
  p99: median(list.map((s) => s.p99)),
});

type ScaleRow = FinishedRow & Pick<Row, 'run'>;

const perRow = <T>(value: (id: ScaleRowId) => T) =>
  Object.fromEntries(SCALE_ROWS.map((id) => [id, value(id)])) as Record<ScaleRowId, T>;

/** One round of a scale row at `level` sessions. */
function scaleRound(ctx: BenchContext, row: ScaleRow, level: number): Promise<RoundStats> {
  const s = ctx.settings;
  // A pool of its own per round, inserted at this level, so each logout ends a real session.
  if (row.id === 'logout') return logoutRound(ctx, `scale ${level.toLocaleString('en-US')}: logout`);
  // At 100k sessions a rotation may outlast a round: wait for a fixed number instead.
  if (row.id === 'refresh' && level > 50_000) return row.run(s.closedRound(s.writeConcurrency));
  return row.run();
}

/** Every scale row's rounds at one level, row after row. */
async function measureLevel(
  ctx: BenchContext,
  progress: Progress,
  rows: Record<ScaleRowId, ScaleRow>,
  level: number,
): Promise<Record<ScaleRowId, RoundStats[]>> {
  const { rounds } = ctx.settings;
  const measured = perRow((): RoundStats[] => []);
  // No warm-up here: the API is warm from the main rows, and the 100k step is slow enough.
  // Not interleaved: at 100k, rounds of a write row can leave FerretDB busy for seconds
  // after their requests timed out, which would be billed to the next row's round.
  for (const id of SCALE_ROWS) {
    for (let round = 1; round <= rounds; round++) {
      progress.step(`scale ${level.toLocaleString()}: ${id} round ${round}/${rounds}`);
      measured[id].push(await scaleRound(ctx, rows[id], level));
      await settle(ctx.db, [ctx.api, ctx.apiNoCache, ctx.bare]);
    }
  }
  return measured;
}

/** The scale rows again after filling the database to each scale level, with their ratios to the first level. */
export async function scaleStep(
  ctx: BenchContext,
  progress: Progress,
  rows: readonly ScaleRow[],
  countsAfterMain: { sessions: number; refreshTokens: number },
): Promise<ScaleLevel[]> {
  const { settings: s, db } = ctx;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const scaleRows = perRow((id) => {
    const row = byId.get(id);
    if (!row) throw new Error(`no row ${id}`);
    return row;
  });
  const levels = [{ ...countsAfterMain, rows: perRow((id) => medianOf(scaleRows[id].rounds)), errors: 0 }];
  // Filler sessions belong to users of their own: the measured users keep their few sessions,
  // so `sessions` lists as many rows at 100k as at the first level and only the database grows.
  const fillerHash = await bcrypt.hash(randomUUID(), 4);
  const filler = await insertUsers(db, { count: s.users, prefix: `filler-${ctx.runId}`, passwordHash: fillerHash });
  for (const level of s.scaleLevels) {
    const now = await counts(db);
    const add = Math.max(0, level - now.sessions);
    progress.step(`scale: insert ${add.toLocaleString()} sessions (to ${level.toLocaleString()})`);
    await insertSessions(db, { users: filler, count: add, userAgent: 'bench-filler', keep: false });
    const measured = await measureLevel(ctx, progress, scaleRows, level);
    levels.push({
      ...(await counts(db)),
      rows: perRow((id) => medianOf(measured[id])),
      errors: Object.values(measured)
        .flat()
        .reduce((sum, r) => sum + r.errors, 0),
    });
  }
  const first = levels[0]!;
  const ratio = (a: number | null, b: number | null) => (a !== null && b ? a / b : null);
  return levels.map((l) => ({
    ...l,
    rows: perRow((id): ScaleCell => ({ ...l.rows[id], ratio: ratio(l.rows[id].rps, first.rows[id].rps) })),
  }));
}

/** RSS of a dedicated API (BCRYPT_COST=4) after real logins, then after `me` on every session in the database. */
export async function memoryStep(
  ctx: BenchContext,
  progress: Progress,
  onStarted: (stop: () => Promise<unknown>) => void,
): Promise<Memory> {
  const { settings: s, db, secret, cpus } = ctx;
  progress.step('memory: start an API with BCRYPT_COST=4');
  const apiMem = await startCost4Api(cpus, ctx, secret);
  onStarted(() => apiMem.stop());
  const url = `${apiMem.url}/graphql`;
  const hash = await bcrypt.hash(scenario.PASSWORD, 4);
  const users = await insertUsers(db, { count: s.users, prefix: `mem-${ctx.runId}`, passwordHash: hash });
  const point = async (label: string): Promise<MemoryPoint> => {
    const { probe: _answer, ...stats } = await apiMem.readProbe();
    return { label, ...stats };
  };
  const points = [await point('start')];
  progress.step(`memory: real logins for ${s.memoryLoginSeconds} s`);
  const logins = await load({
    url,
    connections: s.loginConcurrency,
    duration: s.memoryLoginSeconds,
    next: scenario.login(users.map((u) => u.email)),
  });
  points.push(await point(`${logins.count.toLocaleString()} real logins (cost 4)`));
  const sessions = await db
    .collection<{ _id: string; userId: { toHexString(): string } }>('sessions')
    .find({}, { projection: { _id: 1, userId: 1 } })
    .toArray();
  progress.step(`memory: \`me\` on distinct sessions for ${s.memorySweepSeconds} s`);
  let i = 0;
  const sweep = await load({
    url,
    connections: s.connections,
    // Time-capped: `me` on FerretDB runs at hundreds a second, not enough to reach all 100k in budget.
    duration: s.memorySweepSeconds,
    next: () => {
      const session = sessions[i++ % sessions.length]!;
      const token = accessToken(s, secret, session.userId.toHexString(), session._id);
      return { headers: { authorization: `Bearer ${token}` }, body: scenario.BODIES.me };
    },
  });
  points.push(await point(`+ \`me\` on ${sweep.count.toLocaleString()} distinct sessions`));
  return {
    how:
      `a separate API instance with BCRYPT_COST=4 (cost-4 users): ${logins.count.toLocaleString()} real logins in ` +
      `${s.memoryLoginSeconds} s, then \`me\` on ${sweep.count.toLocaleString()} distinct sessions of the ` +
      `${sessions.length.toLocaleString()} in the database for ${s.memorySweepSeconds} s (access tokens minted by the ` +
      'harness with the API secret) to fill the session cache; ' +
      '100k real logins at cost 12 would take hours on one core',
    logins: logins.count,
    sweepCount: sweep.count,
    errors: logins.errors + sweep.errors,
    points,
  };
}

function startCost4Api(cpus: CpuPlan, { mongodbUri, smtpUrl }: BenchContext, secret: string) {
  const env = apiEnv({ mongodbUri, smtpUrl, port: 0, secret, extra: { BCRYPT_COST: '4' } });
  return startProbed(cpus, 'api (cost 4)', 'server/dist/index.js', env);
}
