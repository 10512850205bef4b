// Keeps the benchmark harness from rotting: `npm run bench -- --smoke` runs one
// short round of every scenario and baseline, and every row must have produced
// a number with no failed request. The numbers themselves are not judged here.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseDatabase } from '../../scripts/lib/database';
import { PATCH_ID } from '../../scripts/lib/ferretdb/patch';
import { start } from '../../scripts/lib/processes';

interface Stats {
  rps: number | null;
  p99: number | null;
}
const SCALE_ROWS = ['me', 'sessions', 'refresh', 'logout'];
interface Results {
  meta: { database: string };
  rows: {
    id: string;
    median: Stats;
    errors: number;
    rounds: unknown[];
    baseline: string | null;
    ratio: number | null;
  }[];
  goals: { label: string; met: boolean | null }[];
  jwt: { label: string; ops: number; ratio: number | null }[];
  scale: { sessions: number; rows: Record<string, Stats>; errors: number }[];
  memory: { errors: number; points: { label: string; rssBytes: number }[] };
}

async function runSmoke(outDir: string): Promise<{ code: number | null; output: string }> {
  // The harness starts a database of its own; a MONGODB_URI from `npm test` must not leak in.
  const { MONGODB_URI: _ignored, ...env } = process.env;
  const bench = start('npm run bench', 'node', ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', outDir], {
    env,
  });
  const code = await bench.exited;
  return { code, output: bench.output() };
}

describe('npm run bench -- --smoke', () => {
  let outDir: string;
  let results: Results;

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
    const { code, output } = await runSmoke(outDir);
    if (code !== 0) throw new Error(`bench --smoke exited with ${code}:\n${output.slice(-4000)}`);
    const file = readdirSync(outDir).find((f) => f.endsWith('.json'));
    if (!file) throw new Error(`no JSON result in ${outDir}:\n${output.slice(-4000)}`);
    results = JSON.parse(readFileSync(path.join(outDir, file), 'utf8')) as Results;
  }, 300_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('measures every scenario and baseline with no failed request', () => {
    expect(results.rows.map((r) => r.id)).toEqual([
      'bare',
      'typename',
      'me',
      'meEs256',
      'mongoMe',
      'meNoCache',
      'sessions',
      'bcrypt',
      'login',
      'meDuringLogins',
      'loginDuringRegenerations',
      'mongoRotate',
      'refresh',
      'register',
      'logout',
    ]);
    for (const row of results.rows) {
      expect({ id: row.id, rps: (row.median.rps ?? 0) > 0, errors: row.errors }).toEqual({
        id: row.id,
        rps: true,
        errors: 0,
      });
    }
  });

  it('times every JWT verifier, ES256 included, each with its ratio', () => {
    expect(results.jwt).toHaveLength(4);
    for (const row of results.jwt)
      expect({ ops: row.ops > 0, ratio: (row.ratio ?? 0) > 0 }).toEqual({ ops: true, ratio: true });
  });

  it('measures me under ES256 as a ratio over me under HS256, side by side in the same rounds', () => {
    const byId = new Map(results.rows.map((row) => [row.id, row]));
    const [es256, hs256] = [byId.get('meEs256'), byId.get('me')];
    expect(es256?.baseline).toBe('me');
    expect(es256?.rounds).toHaveLength(hs256?.rounds.length ?? -1);
    expect(es256?.ratio).toBeGreaterThan(0);
  });

  it('measures me, sessions, refreshToken and logout at each scale step', () => {
    expect(results.scale.length).toBeGreaterThanOrEqual(2);
    for (const level of results.scale) {
      expect(level.sessions).toBeGreaterThan(0);
      for (const id of SCALE_ROWS) expect({ id, rps: (level.rows[id]?.rps ?? 0) > 0 }).toEqual({ id, rps: true });
      expect(level.errors).toBe(0);
    }
  });

  it('judges every target of the issue', () => {
    expect(results.goals).toHaveLength(10);
    expect(results.goals.filter((goal) => goal.met === null).map((goal) => goal.label)).toEqual([]);
  });

  it('names the database build it ran on, patched when it is the embedded FerretDB', () => {
    const { MONGODB_URI: _ignored, ...env } = process.env;
    const expected =
      chooseDatabase(env) === 'ferretdb'
        ? new RegExp(`^ferretdb v[\\d.]+ patched \\(SQLite; binary ferretdb-v[\\d.]+-${PATCH_ID}\\)$`)
        : /^mongod$/;
    expect(results.meta.database).toMatch(expected);
  });

  it('reads the API process memory after logins and the session sweep', () => {
    expect(results.memory.errors).toBe(0);
    expect(results.memory.points).toHaveLength(3);
    for (const point of results.memory.points) expect(point.rssBytes).toBeGreaterThan(0);
  });
});
