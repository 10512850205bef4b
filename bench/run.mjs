// `npm run bench`: builds the API, starts its own database and API processes,
// seeds users and sessions, then runs every scenario and its baseline
// interleaved (warm-up, then measured rounds; medians), the JWT
// micro-benchmark, the scale steps and the memory check. Writes
// bench/results/<timestamp>.json and .md and prints the table.
//   npm run bench -- --smoke      one short round of everything (CI smoke test)
//   --duration <s> --rounds <n> --connections <n> --no-build --out <dir>
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcrypt';
import jwt from 'jsonwebtoken';
import { MongoClient } from 'mongodb';
import { startDatabase } from '../scripts/lib/database.mjs';
import { load } from './lib/load.mjs';
import { median } from './lib/stats.mjs';
import { createProgress } from './lib/progress.mjs';
import { markdown } from './lib/report.mjs';
import { insertSessions, insertUsers, hashRefreshToken } from './lib/seed.mjs';
import * as scenario from './lib/scenarios.mjs';
import { ROOT, apiEnv, benchSecret, buildServer, planCpus, runWorker, startProbed } from './lib/processes.mjs';

const options = parseArgs(process.argv.slice(2));
const SMOKE = options.smoke;
const DURATION = options.duration ?? (SMOKE ? 2 : 5);
const ROUNDS = options.rounds ?? (SMOKE ? 1 : 3);
const WARMUP = !SMOKE;
const CONNECTIONS = options.connections ?? 50;
const LOGIN_CONCURRENCY = 8;
// FerretDB v1 (SQLite) serializes writes and scans on most filters: 50 connections of
// database-bound writes queue past the API's 5 s database timeout, so write rows and
// their baselines use the login concurrency.
const WRITE_CONCURRENCY = LOGIN_CONCURRENCY;
const USERS = SMOKE ? 200 : 1000;
// Rows bound by bcrypt or database writes complete a few requests a second, seconds
// apart: full runs give them longer rounds (less of the round is ramp-up); smoke runs
// send a fixed number of requests (two per connection) instead of a 2 s round.
const SLOW_DURATION = SMOKE ? 3 : 6;
const slowRound = (connections) => (SMOKE ? { amount: 2 * connections } : { duration: SLOW_DURATION });
/** A round of a fixed number of requests, all waited for: for rows slower than a round. */
const closedRound = (connections) => ({ amount: (SMOKE ? 2 : 3) * connections });
const SCALE_LEVELS = SMOKE ? [1_500] : [10_000, 100_000];
const MEMORY_LOGIN_SECONDS = SMOKE ? 2 : 30;
const MEMORY_SWEEP_SECONDS = SMOKE ? 2 : 30;
const ISSUER = 'graphql-session-auth';
const AUDIENCE = 'graphql-session-auth-api';

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
// Emails are stored lower-cased by the API: the run id in them must be too.
const runId = stamp.toLowerCase();
const outDir = options.out ?? path.join(ROOT, 'bench', 'results');
const dataDir = path.join(ROOT, '.data', `bench-${stamp}`);
const cleanup = [];
const notes = [];
const processes = [];

function parseArgs(argv) {
  const o = { smoke: process.env.BENCH_SMOKE === '1', build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--duration') o.duration = Number(argv[++i]);
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--connections') o.connections = Number(argv[++i]);
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Every row of the main table, in the order they run in each round (scenario next to its baseline). */
function defineRows(ctx) {
  const { api, apiNoCache, bare } = ctx;
  const http =
    (target, connections, make, round = { duration: DURATION }) =>
    async (override) => {
      const { next, onResponse } = make();
      await target.resetProbe();
      const stats = await load({
        url: target.url + target.path,
        connections,
        ...(override ?? round),
        next,
        onResponse,
      });
      return { ...stats, eventLoopP99Ms: (await target.readProbe()).eventLoopP99Ms };
    };
  const plain = (factory) => () => ({ next: factory() });
  return [
    {
      id: 'bare',
      label: 'bare Express JSON route',
      run: http({ ...bare, path: '/bare' }, CONNECTIONS, plain(scenario.typename)),
    },
    {
      id: 'typename',
      label: 'Apollo `{ __typename }`',
      run: http(api, CONNECTIONS, plain(scenario.typename)),
      baseline: 'bare',
    },
    {
      id: 'me',
      label: '`me` (JWT + revocation check + user read)',
      run: http(api, CONNECTIONS, () => ({ next: scenario.me(ctx.accessTokens) })),
      baseline: 'typename',
      target: { op: '>=', value: 0.85 },
    },
    {
      id: 'mongoMe',
      label: `\`me\` db reads via the driver (session + user by _id), ${CONNECTIONS} concurrent`,
      run: () =>
        runWorker(ctx.cpus, {
          kind: 'mongoMe',
          seconds: DURATION,
          concurrency: CONNECTIONS,
          uri: ctx.mongodbUri,
          slotsFile: ctx.slotsFile,
        }),
    },
    {
      id: 'meNoCache',
      label: '`me`, SESSION_CACHE_TTL=0 (check hits the db)',
      run: http(apiNoCache, CONNECTIONS, () => ({ next: scenario.me(ctx.accessTokens) })),
      baseline: 'me',
    },
    {
      id: 'bcrypt',
      label: `raw bcrypt.compare, cost 12, ${LOGIN_CONCURRENCY} concurrent`,
      run: () =>
        runWorker(ctx.cpus, {
          kind: 'bcrypt',
          seconds: SLOW_DURATION,
          concurrency: LOGIN_CONCURRENCY,
          cost: 12,
          password: scenario.PASSWORD,
        }),
    },
    {
      id: 'login',
      label: '`login` (bcrypt cost 12)',
      run: http(api, LOGIN_CONCURRENCY, () => ({ next: scenario.login(ctx.emails) }), slowRound(LOGIN_CONCURRENCY)),
      baseline: 'bcrypt',
      target: { op: '>=', value: 0.9 },
    },
    {
      id: 'meDuringLogins',
      label: '`me` while a login storm runs',
      run: async () => {
        await api.resetProbe();
        const url = api.url + api.path;
        const [meStats, loginStats] = await Promise.all([
          load({ url, connections: CONNECTIONS, duration: SLOW_DURATION, next: scenario.me(ctx.accessTokens) }),
          load({ url, connections: LOGIN_CONCURRENCY, duration: SLOW_DURATION, next: scenario.login(ctx.emails) }),
        ]);
        const { eventLoopP99Ms } = await api.readProbe();
        return { ...meStats, errors: meStats.errors + loginStats.errors, loginRps: loginStats.rps, eventLoopP99Ms };
      },
      baseline: 'me',
      metric: 'p99',
      target: { op: '<=', value: 3 },
    },
    {
      id: 'mongoRotate',
      label: `refresh db operations via the driver, ${WRITE_CONCURRENCY} concurrent`,
      run: () =>
        runWorker(ctx.cpus, {
          kind: 'mongoRotate',
          seconds: SLOW_DURATION,
          concurrency: WRITE_CONCURRENCY,
          uri: ctx.mongodbUri,
          slotsFile: ctx.slotsFile,
        }),
    },
    {
      id: 'refresh',
      label: `\`refreshToken\` rotation, ${WRITE_CONCURRENCY} connections`,
      run: http(api, WRITE_CONCURRENCY, () => scenario.refresh(ctx.refreshHolders), slowRound(WRITE_CONCURRENCY)),
      baseline: 'mongoRotate',
      target: { op: '>=', value: 0.6 },
    },
    {
      id: 'register',
      label: '`register` (bcrypt cost 12)',
      run: http(
        api,
        LOGIN_CONCURRENCY,
        () => ({ next: scenario.register(`${runId}-${ctx.registerRound++}`) }),
        slowRound(LOGIN_CONCURRENCY),
      ),
      baseline: 'bcrypt',
    },
    {
      id: 'logout',
      label: `\`logout\` (refresh cookie), ${WRITE_CONCURRENCY} connections, ${closedRound(WRITE_CONCURRENCY).amount} requests`,
      run: async () => {
        const pool = await logoutPool(ctx);
        const { next, state } = scenario.logout(pool);
        // Closed round: a logout takes longer than a round on FerretDB, so a timed round would count none.
        const stats = await http(api, WRITE_CONCURRENCY, () => ({ next }), closedRound(WRITE_CONCURRENCY))();
        if (state.exhausted)
          notes.push(`logout: ${state.exhausted} requests ran past the session pool (reused cookies)`);
        await dropUnused(ctx.db, 'bench-logout');
        return stats;
      },
    },
  ];
}

/** Live sessions for one logout round: one per request, plus spares. */
async function logoutPool(ctx) {
  const count = closedRound(WRITE_CONCURRENCY).amount + 10;
  const kept = await insertSessions(ctx.db, { users: ctx.users, count, userAgent: 'bench-logout' });
  return kept.map((s) => s.refreshToken);
}

/** Removes what a round left unused, so the main rows run at a steady database size. */
async function dropUnused(db, userAgent) {
  const ids = (
    await db
      .collection('sessions')
      .find({ userAgent }, { projection: { _id: 1 } })
      .toArray()
  ).map((s) => s._id);
  await db.collection('sessions').deleteMany({ _id: { $in: ids } });
  await db.collection('refresh_tokens').deleteMany({ sessionId: { $in: ids } });
}

function ratioOf(row, byId, round) {
  const base = byId[row.baseline]?.rounds[round];
  const own = row.rounds[round];
  if (!base || !own) return null;
  const metric = row.metric ?? 'rps';
  return base[metric] > 0 ? own[metric] / base[metric] : null;
}

function finishRows(rows) {
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  return rows.map((row) => {
    const keys = ['rps', 'p50', 'p97_5', 'p99', 'eventLoopP99Ms', 'loginRps'];
    const med = Object.fromEntries(keys.map((k) => [k, median(row.rounds.map((r) => r[k]))]));
    const ratio = row.baseline ? median(row.rounds.map((_, i) => ratioOf(row, byId, i))) : null;
    const met =
      row.target && ratio !== null
        ? row.target.op === '>='
          ? ratio >= row.target.value
          : ratio <= row.target.value
        : null;
    const vsLabel = row.baseline
      ? `${byId[row.baseline].label.split(' (')[0]}${row.metric === 'p99' ? ' (p99)' : ''}`
      : '';
    return {
      id: row.id,
      label: row.label,
      rounds: row.rounds,
      warmup: row.warmup,
      median: med,
      errors: row.rounds.reduce((sum, r) => sum + (r.errors ?? 0), 0),
      baseline: row.baseline ?? null,
      vsLabel,
      ratio,
      ratioUnit: row.metric === 'p99' ? '×' : '',
      target: row.target ?? null,
      met,
    };
  });
}

async function seed(ctx, progress) {
  const passwordHash = await bcrypt.hash(scenario.PASSWORD, 12);
  const users = await insertUsers(ctx.db, { count: USERS, prefix: `user-${runId}`, passwordHash });
  ctx.users = users;
  ctx.emails = users.map((u) => u.email);
  const meSessions = await insertSessions(ctx.db, { users, count: USERS, userAgent: 'bench-me' });
  const refreshSessions = await insertSessions(ctx.db, { users, count: USERS, userAgent: 'bench-refresh' });
  const baselineSessions = await insertSessions(ctx.db, { users, count: USERS, userAgent: 'bench-baseline' });
  ctx.refreshHolders = refreshSessions.map((s) => ({ cookie: s.refreshToken, pending: false, broken: false }));
  ctx.slotsFile = path.join(dataDir, 'rotate-slots.json');
  writeFileSync(
    ctx.slotsFile,
    JSON.stringify(
      baselineSessions.map((s) => ({ tokenHash: hashRefreshToken(s.refreshToken), sessionId: s.sessionId })),
    ),
  );
  // Access tokens signed here with the API's secret, issuer and audience (what auth/tokens.ts
  // issues): getting 1,000 from the API would mean 1,000 rotations, minutes on FerretDB.
  // A wrong claim would show as errors in every `me` row.
  ctx.accessTokens = meSessions.map((s) => accessToken(ctx.secret, s.userId.toHexString(), s.sessionId));
  progress.note(`seeded ${USERS} users and ${3 * USERS} sessions`);
}

function accessToken(secret, sub, sid) {
  const iat = Math.floor(Date.now() / 1000);
  return jwt.sign({ sub, sid, jti: randomUUID(), iat, exp: iat + 3600 }, secret, {
    algorithm: 'HS256',
    issuer: ISSUER,
    audience: AUDIENCE,
  });
}

async function jwtMicro(ctx) {
  const samples = await runWorker(ctx.cpus, {
    kind: 'jwt',
    seconds: SMOKE ? 0.2 : 1,
    rounds: ROUNDS,
    secret: ctx.secret,
    issuer: ISSUER,
    audience: AUDIENCE,
  });
  const jose = median(samples.joseJwtVerify);
  return [
    { label: 'jsonwebtoken, string secret', ops: median(samples.jsonwebtokenString) },
    {
      label: 'jsonwebtoken, KeyObject (what auth/tokens.ts does)',
      ops: median(samples.jsonwebtokenKeyObject),
      target: { op: '>=', value: 0.8 },
    },
    { label: 'jose jwtVerify HS256', ops: jose },
  ].map((row) => {
    const ratio = row.ops / jose;
    return { ...row, ratio, met: row.target ? ratio >= row.target.value : null, samples };
  });
}

/**
 * Waits (up to 20 s) until the database answers a point read quickly: requests a
 * row left queued in FerretDB must not be billed to the next row.
 */
async function settle(db) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const t0 = performance.now();
    await db.collection('users').findOne({ _id: 'settle-probe' });
    if (performance.now() - t0 < 50) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function counts(db) {
  const [sessions, refreshTokens] = await Promise.all([
    db.collection('sessions').estimatedDocumentCount(),
    db.collection('refresh_tokens').estimatedDocumentCount(),
  ]);
  return { sessions, refreshTokens };
}

async function scaleStep(ctx, progress, rows) {
  const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
  const levels = [
    { ...ctx.countsAfterMain, me: byId.me.median, refresh: byId.refresh.median, errors: 0, phaseA: true },
  ];
  for (const level of SCALE_LEVELS) {
    const now = await counts(ctx.db);
    const add = Math.max(0, level - now.sessions);
    progress.step(`scale: insert ${add.toLocaleString()} sessions (to ${level.toLocaleString()})`);
    await insertSessions(ctx.db, { users: ctx.users, count: add, userAgent: 'bench-filler', keep: false });
    const measured = { me: [], refresh: [] };
    // No warm-up here: the API is warm from the main rows, and the 100k step is slow enough.
    // Not interleaved: at 100k, refresh rounds leave FerretDB scanning for many seconds
    // after their requests timed out, which would be billed to the next `me` round.
    for (const id of ['me', 'refresh']) {
      for (let round = 1; round <= ROUNDS; round++) {
        progress.step(`scale ${level.toLocaleString()}: ${id} round ${round}/${ROUNDS}`);
        // At 100k sessions a rotation outlasts a round (FerretDB scans): wait for a fixed number instead.
        const closed = id === 'refresh' && level > 50_000 ? closedRound(WRITE_CONCURRENCY) : undefined;
        const stats = await byId[id].run(closed);
        measured[id].push(stats);
        await settle(ctx.db);
      }
    }
    const med = (list) => ({ rps: median(list.map((s) => s.rps)), p99: median(list.map((s) => s.p99)) });
    levels.push({
      ...(await counts(ctx.db)),
      me: med(measured.me),
      refresh: med(measured.refresh),
      errors: [...measured.me, ...measured.refresh].reduce((s, r) => s + r.errors, 0),
    });
  }
  const first = levels[0];
  return levels.map((l) => ({
    ...l,
    meRatio: l.me.rps / first.me.rps,
    refreshRatio: l.refresh.rps / first.refresh.rps,
  }));
}

/** RSS of a dedicated API (BCRYPT_COST=4) after real logins, then after `me` on every session in the database. */
async function memoryStep(ctx, progress) {
  progress.step('memory: start an API with BCRYPT_COST=4');
  const apiMem = await startProbed(ctx.cpus, 'api (cost 4)', 'server/dist/index.js', {
    ...apiEnv({ mongodbUri: ctx.mongodbUri, port: 0, secret: ctx.secret, extra: { BCRYPT_COST: '4' } }),
  });
  cleanup.push(() => apiMem.stop());
  apiMem.path = '/graphql';
  const hash = await bcrypt.hash(scenario.PASSWORD, 4);
  const users = await insertUsers(ctx.db, { count: USERS, prefix: `mem-${runId}`, passwordHash: hash });
  const points = [{ label: 'start', ...(await apiMem.readProbe()) }];
  progress.step(`memory: real logins for ${MEMORY_LOGIN_SECONDS} s`);
  const logins = await load({
    url: apiMem.url + apiMem.path,
    connections: LOGIN_CONCURRENCY,
    duration: MEMORY_LOGIN_SECONDS,
    next: scenario.login(users.map((u) => u.email)),
  });
  points.push({ label: `${logins.count.toLocaleString()} real logins (cost 4)`, ...(await apiMem.readProbe()) });
  const sessions = await ctx.db
    .collection('sessions')
    .find({}, { projection: { _id: 1, userId: 1 } })
    .toArray();
  progress.step(`memory: \`me\` on distinct sessions for ${MEMORY_SWEEP_SECONDS} s`);
  let i = 0;
  const sweep = await load({
    url: apiMem.url + apiMem.path,
    connections: CONNECTIONS,
    // Time-capped: \`me\` on FerretDB runs at hundreds a second, not enough to reach all 100k in budget.
    duration: MEMORY_SWEEP_SECONDS,
    next: () => {
      const s = sessions[i++ % sessions.length];
      const token = accessToken(ctx.secret, s.userId.toHexString(), s._id);
      return { headers: { authorization: `Bearer ${token}` }, body: scenario.BODIES.me };
    },
  });
  points.push({
    label: `+ \`me\` on ${sweep.count.toLocaleString()} distinct sessions`,
    ...(await apiMem.readProbe()),
  });
  return {
    how:
      `a separate API instance with BCRYPT_COST=4 (cost-4 users): ${logins.count.toLocaleString()} real logins in ` +
      `${MEMORY_LOGIN_SECONDS} s, then \`me\` on ${sweep.count.toLocaleString()} distinct sessions of the ` +
      `${sessions.length.toLocaleString()} in the database for ${MEMORY_SWEEP_SECONDS} s (access tokens minted by the ` +
      'harness with the API secret) to fill the session cache; ' +
      '100k real logins at cost 12 would take hours on one core',
    logins: logins.count,
    sweepCount: sweep.count,
    errors: logins.errors + sweep.errors,
    points,
  };
}

async function main() {
  const started = Date.now();
  const loadStart = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const cpus = planCpus();
  const mainRounds = (WARMUP ? 1 : 0) + ROUNDS;
  const rowCount = 12;
  const plan = [
    { label: 'build', seconds: 25 },
    { label: 'database + APIs', seconds: 5 },
    { label: 'seed', seconds: 15 },
    { label: 'jwt', seconds: (SMOKE ? 0.2 : 1) * 3 * (ROUNDS + 1) + 1 },
    ...Array.from({ length: mainRounds * rowCount }, () => ({ seconds: DURATION + 4 })),
    ...SCALE_LEVELS.flatMap((level) => [
      { seconds: level / 1000 },
      ...Array.from({ length: ROUNDS * 2 }, () => ({ seconds: DURATION + (level > 50_000 ? 10 : 2) })),
    ]),
    { seconds: 5 },
    { seconds: MEMORY_LOGIN_SECONDS + 2 },
    { seconds: MEMORY_SWEEP_SECONDS + 2 },
  ];
  const progress = createProgress(plan);

  progress.step('build the API (npm run build -w server)');
  if (options.build) buildServer();
  else progress.note('skipped (--no-build)');

  progress.step('start the database and the API processes');
  const { MONGODB_URI: _external, ...ownEnv } = process.env;
  const database = await startDatabase({ port: 0, dataDir, env: ownEnv });
  cleanup.push(() => database.stop());
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const mongodbUri = `${database.uri}bench`;
  const secret = benchSecret();
  const env = (extra) =>
    apiEnv({ mongodbUri, port: 0, secret, extra: { JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, ...extra } });
  const [api, apiNoCache, bare] = await Promise.all([
    startProbed(cpus, 'api', 'server/dist/index.js', env({})),
    startProbed(cpus, 'api (SESSION_CACHE_TTL=0)', 'server/dist/index.js', env({ SESSION_CACHE_TTL: '0' })),
    startProbed(cpus, 'bare express', 'bench/bareServer.mjs', { PATH: process.env.PATH, PORT: '0' }),
  ]);
  for (const p of [api, apiNoCache, bare]) cleanup.push(() => p.stop());
  processes.push(api, apiNoCache, bare);
  api.path = apiNoCache.path = '/graphql';
  const client = await MongoClient.connect(mongodbUri, { maxPoolSize: 20 });
  cleanup.push(() => client.close());
  const ctx = { cpus, api, apiNoCache, bare, secret, mongodbUri, db: client.db(), registerRound: 0 };

  progress.step(`seed ${USERS} users, sessions and access tokens`);
  await seed(ctx, progress);

  progress.step('JWT verify micro-benchmark');
  const jwtRows = await jwtMicro(ctx);

  const rows = defineRows(ctx).map((r) => ({ ...r, rounds: [], warmup: null }));
  for (let round = WARMUP ? 0 : 1; round <= ROUNDS; round++) {
    for (const row of rows) {
      progress.step(`${row.id} ${round === 0 ? 'warm-up' : `round ${round}/${ROUNDS}`}`);
      const stats = await row.run();
      if (round === 0) row.warmup = stats;
      else row.rounds.push(stats);
      await settle(ctx.db);
      if (stats.errors) progress.note(`${stats.errors} errors${stats.firstFailure ? `: ${stats.firstFailure}` : ''}`);
    }
  }
  ctx.countsAfterMain = await counts(ctx.db);
  const finished = finishRows(rows);
  const meOverDb = median(rows[2].rounds.map((r, i) => r.rps / rows[3].rounds[i].rps));
  notes.push(
    `\`me\` reaches ${meOverDb?.toFixed(2)} of the driver issuing its two database reads at the same concurrency ` +
      '(the session read is skipped on a cache hit): the database bounds `me` here, not the API.',
  );
  const scale = await scaleStep(
    ctx,
    progress,
    finished.map((r, i) => ({ ...r, run: rows[i].run })),
  );
  await apiNoCache.stop();
  const memory = await memoryStep(ctx, progress);

  const results = {
    meta: {
      date: new Date().toISOString(),
      smoke: SMOKE,
      node: process.version,
      platform: `${os.type()} ${os.release()}`,
      cpuModel: os.cpus()[0]?.model ?? 'unknown CPU',
      cpus: os.cpus().length,
      uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? 'unset (libuv default 4)',
      database: `${database.kind}${database.kind === 'ferretdb' ? ' v1.24.2 (SQLite)' : ''}`,
      cpuPlacement: cpus.pinned
        ? `taskset: API processes, bare Express and baseline workers on CPU ${cpus.server}; harness (autocannon) and database on CPU ${cpus.load}`
        : 'no CPU pinning (taskset unavailable or a single CPU)',
      connections: CONNECTIONS,
      loginConcurrency: LOGIN_CONCURRENCY,
      duration: DURATION,
      slowDuration: SMOKE ? `${2}× connections requests` : SLOW_DURATION,
      rounds: ROUNDS,
      warmup: WARMUP,
      loadAverageStart: loadStart,
      loadAverageEnd: os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
      seconds: (Date.now() - started) / 1000,
      seeding:
        `${USERS} users inserted directly with one shared bcrypt cost-12 hash; sessions and first refresh tokens inserted ` +
        'directly; access tokens for `me` obtained from the API (one refreshToken call per session)',
    },
    rows: finished,
    jwt: jwtRows,
    scale,
    memory,
    notes,
  };
  const md = markdown(results);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, `${stamp}.json`), JSON.stringify(results, null, 2));
  writeFileSync(path.join(outDir, `${stamp}.md`), md);
  process.stdout.write(`\n${md}\nWritten to ${path.relative(process.cwd(), path.join(outDir, stamp))}.{json,md}\n`);
}

async function stopAll() {
  for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
}

process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
main().then(
  () => stopAll().then(() => process.exit(0)),
  (error) => {
    console.error(error);
    for (const p of processes) console.error(`--- ${p.name} output (tail) ---\n${p.output().slice(-3000)}`);
    void stopAll().then(() => process.exit(1));
  },
);
