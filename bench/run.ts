// `npm run bench`: builds the API, starts its own database and API processes,
// seeds users and sessions, then runs every scenario and its baseline
// interleaved (warm-up, then measured rounds; medians), the JWT
// micro-benchmark, the scale steps and the memory check. Writes
// bench/results/<timestamp>.json and .md and prints the table.
// Options (--smoke, --duration, --rounds, --connections, --no-build, --out): lib/settings.ts.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startDatabase } from '../scripts/lib/database';
import type { Database } from '../scripts/lib/database';
import { startMailbox } from '../scripts/lib/mailbox';
import { PATCH_ID } from '../scripts/lib/ferretdb/patch';
import { ROOT } from '../scripts/lib/processes';
import { counts, jwtMicro, memoryStep, scaleStep, seed, settle } from './lib/phases';
import {
  BARE_SERVER,
  apiEnv,
  benchSecret,
  buildServer,
  planCpus,
  startProbed,
  transpileMeasuredScripts,
} from './lib/processes';
import type { CpuPlan, Probed } from './lib/processes';
import { createProgress } from './lib/progress';
import type { PlannedStep, Progress } from './lib/progress';
import { markdown } from './lib/report';
import { SCALE_ROWS } from './lib/results';
import type { Meta, Results } from './lib/results';
import { defineRows, finishRows } from './lib/rows';
import type { BenchContext, Measured } from './lib/rows';
import { readSettings } from './lib/settings';
import { median } from './lib/stats';
import { goals } from './lib/targets';

const settings = readSettings();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
// Emails are stored lower-cased by the API: the run id in them must be too.
const runId = stamp.toLowerCase();
const dataDir = path.join(ROOT, '.data', `bench-${stamp}`);
const cleanup: (() => unknown)[] = [];
const processes: Probed[] = [];
const ROW_COUNT = 15;

/** Planned seconds per step, for the progress line's estimate of time left. */
function plan(): PlannedStep[] {
  const s = settings;
  const mainRounds = (s.warmup ? 1 : 0) + s.rounds;
  return [
    { label: 'build', seconds: 25 },
    { label: 'database + APIs', seconds: 5 },
    { label: 'seed', seconds: 15 },
    { label: 'jwt', seconds: s.jwtSeconds * 4 * (s.rounds + 1) + 1 },
    ...Array.from({ length: mainRounds * ROW_COUNT }, () => ({ seconds: s.duration + 4 })),
    ...s.scaleLevels.flatMap((level) => [
      { seconds: level / 1000 },
      ...Array.from({ length: s.rounds * SCALE_ROWS.length }, () => ({
        seconds: s.duration + (level > 50_000 ? 10 : 2),
      })),
    ]),
    { seconds: 5 },
    { seconds: s.memoryLoginSeconds + 2 },
    { seconds: s.memorySweepSeconds + 2 },
  ];
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * The database (never an external one: MONGODB_URI is ignored), three APIs and the bare server.
 * The APIs share the database; `apiEs256` keeps its signing keys there, sealed under a key of its own.
 */
async function startProcesses(cpus: CpuPlan) {
  const { MONGODB_URI: _external, ...ownEnv } = process.env;
  const database = await startDatabase({ port: 0, dataDir, env: ownEnv });
  cleanup.push(() => database.stop());
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const mongodbUri = `${database.uri}bench`;
  const mailbox = await startMailbox();
  cleanup.push(() => mailbox.close());
  const smtpUrl = mailbox.url;
  const secret = benchSecret();
  const env = (extra: Record<string, string>) =>
    apiEnv({
      mongodbUri,
      smtpUrl,
      port: 0,
      secret,
      extra: { JWT_ISSUER: settings.issuer, JWT_AUDIENCE: settings.audience, ...extra },
    });
  const es256 = { ACCESS_TOKEN_ALG: 'ES256', KEY_ENCRYPTION_KEY: `${secret}-signing-keys` };
  const [api, apiNoCache, apiEs256, bare] = await Promise.all([
    startProbed(cpus, 'api', 'server/dist/index.js', env({})),
    startProbed(cpus, 'api (SESSION_CACHE_TTL=0)', 'server/dist/index.js', env({ SESSION_CACHE_TTL: '0' })),
    startProbed(cpus, 'api (ACCESS_TOKEN_ALG=ES256)', 'server/dist/index.js', env(es256)),
    startProbed(cpus, 'bare express', BARE_SERVER, { PATH: process.env.PATH, PORT: '0' }),
  ]);
  for (const p of [api, apiNoCache, apiEs256, bare]) cleanup.push(() => p.stop());
  processes.push(api, apiNoCache, apiEs256, bare);
  return { database, mongodbUri, smtpUrl, secret, api, apiNoCache, apiEs256, bare };
}

/** Every row, warm-up round first, rows interleaved within each round. */
async function measureRows(ctx: BenchContext, progress: Progress): Promise<Measured[]> {
  const { rounds, warmup } = settings;
  const rows: Measured[] = defineRows(ctx).map((r) => ({ ...r, rounds: [], warmup: null }));
  for (let round = warmup ? 0 : 1; round <= rounds; round++) {
    for (const row of rows) {
      progress.step(`${row.id} ${round === 0 ? 'warm-up' : `round ${round}/${rounds}`}`);
      const stats = await row.run();
      if (round === 0) row.warmup = stats;
      else row.rounds.push(stats);
      await settle(ctx.db, [ctx.api, ctx.apiNoCache, ctx.apiEs256, ctx.bare]);
      if (stats.errors) progress.note(`${stats.errors} errors${stats.firstFailure ? `: ${stats.firstFailure}` : ''}`);
    }
  }
  return rows;
}

function meOverDriverNote(rows: readonly Measured[]): string {
  const me = rows.find((r) => r.id === 'me');
  const driver = rows.find((r) => r.id === 'mongoMe');
  const ratio = median(me?.rounds.map((r, i) => r.rps / (driver?.rounds[i]?.rps ?? NaN)) ?? []);
  return (
    `\`me\` reaches ${ratio?.toFixed(2)} of the driver issuing its two database reads at the same concurrency ` +
    '(the session read is skipped on a cache hit): the database bounds `me` here, not the API.'
  );
}

/**
 * `ferretdb v1.24.2 patched (SQLite; binary ferretdb-v1.24.2-<patch id>)`, read off the binary
 * the database module started: it names a patched build by its patch id.
 */
function databaseLabel(database: Database): string {
  if (database.kind !== 'ferretdb' || !database.proc) return database.kind;
  const binary = path.basename(database.proc.child.spawnfile);
  const version = /^ferretdb-(v[\d.]+)-/.exec(binary)?.[1];
  const build = binary.endsWith(`-${PATCH_ID}`) ? 'patched' : 'as released';
  return `${['ferretdb', version, build].filter(Boolean).join(' ')} (SQLite; binary ${binary})`;
}

function meta(started: number, loadAverageStart: string, database: Database, cpus: CpuPlan): Meta {
  const s = settings;
  return {
    date: new Date().toISOString(),
    smoke: s.smoke,
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    cpuModel: os.cpus()[0]?.model ?? 'unknown CPU',
    cpus: os.cpus().length,
    uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? 'unset (libuv default 4)',
    database: databaseLabel(database),
    cpuPlacement: cpus.pinned
      ? `taskset: API processes, bare Express and baseline workers on CPU ${cpus.server}; harness (autocannon) and database on CPU ${cpus.load}`
      : 'no CPU pinning (taskset unavailable or a single CPU)',
    connections: s.connections,
    loginConcurrency: s.loginConcurrency,
    duration: s.duration,
    slowDuration: s.smoke ? '2× connections requests' : s.slowDuration,
    rounds: s.rounds,
    warmup: s.warmup,
    loadAverageStart,
    loadAverageEnd: loadAverage(),
    seconds: (Date.now() - started) / 1000,
    seeding:
      `${s.users} users inserted directly with one shared bcrypt cost-12 hash; sessions and first refresh tokens ` +
      "inserted directly; access tokens for `me` signed by the harness with the API's secret, issuer and audience " +
      '(HS256); for `me` under ES256, issued by the ES256 API through one `refreshToken` per session',
  };
}

function write(results: Results): void {
  const md = markdown(results);
  mkdirSync(settings.outDir, { recursive: true });
  writeFileSync(path.join(settings.outDir, `${stamp}.json`), JSON.stringify(results, null, 2));
  writeFileSync(path.join(settings.outDir, `${stamp}.md`), md);
  const written = path.relative(process.cwd(), path.join(settings.outDir, stamp));
  process.stdout.write(`\n${md}\nWritten to ${written}.{json,md}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAverageStart = loadAverage();
  const cpus = planCpus();
  const progress = createProgress(plan());

  progress.step('build the API (npm run build -w server)');
  transpileMeasuredScripts();
  if (settings.build) buildServer();
  else progress.note('skipped (--no-build)');

  progress.step('start the database and the API processes');
  const { database, ...running } = await startProcesses(cpus);
  const client = await MongoClient.connect(running.mongodbUri, { maxPoolSize: 20 });
  cleanup.push(() => client.close());
  const db = client.db();

  progress.step(`seed ${settings.users} users, sessions and access tokens`);
  const seeded = await seed(
    { db, settings, runId, secret: running.secret, dataDir, es256Url: running.apiEs256.url },
    progress,
  );
  const ctx: BenchContext = { settings, runId, cpus, db, ...running, ...seeded, notes: [] };

  progress.step('JWT verify micro-benchmark');
  const jwt = await jwtMicro(ctx);
  const rows = await measureRows(ctx, progress);
  const countsAfterMain = await counts(db);
  // Only the main rows measure ES256; the scale and memory steps run on `api`.
  await running.apiEs256.stop();
  const finished = finishRows(rows);
  ctx.notes.push(meOverDriverNote(rows));
  const withRun = finished.map((row, i) => ({ ...row, run: rows[i]!.run }));
  const scale = await scaleStep(ctx, progress, withRun, countsAfterMain);
  await running.apiNoCache.stop();
  const memory = await memoryStep(ctx, progress, (stop) => cleanup.push(stop));

  const results = {
    meta: meta(started, loadAverageStart, database, cpus),
    rows: finished,
    goals: goals(finished, scale),
    jwt,
    scale,
    memory,
  };
  write({ ...results, notes: ctx.notes });
}

async function stopAll(): Promise<void> {
  for (const step of cleanup.reverse()) await Promise.resolve(step()).catch(() => {});
}

process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
main().then(
  () => stopAll().then(() => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    for (const p of processes) console.error(`--- ${p.name} output (tail) ---\n${p.output().slice(-3000)}`);
    void stopAll().then(() => process.exit(1));
  },
);
