// Keeps the benchmark harness from rotting: `npm run bench -- --smoke` runs one
// short round of every scenario and baseline, and every row must have produced
// a number with no failed request. The numbers themselves are not judged here.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start } from '../../scripts/lib/processes';

interface Stats {
  rps: number | null;
  p99: number | null;
}
interface Results {
  rows: { id: string; median: Stats; errors: number; rounds: unknown[] }[];
  jwt: { label: string; ops: number }[];
  scale: { sessions: number; me: Stats; refresh: Stats; errors: number }[];
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
      'mongoMe',
      'meNoCache',
      'bcrypt',
      'login',
      'meDuringLogins',
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

  it('times every JWT verifier', () => {
    expect(results.jwt).toHaveLength(3);
    for (const row of results.jwt) expect(row.ops).toBeGreaterThan(0);
  });

  it('measures me and refreshToken at each scale step', () => {
    expect(results.scale.length).toBeGreaterThanOrEqual(2);
    for (const level of results.scale) {
      expect(level.sessions).toBeGreaterThan(0);
      expect(level.me.rps).toBeGreaterThan(0);
      expect(level.refresh.rps).toBeGreaterThan(0);
      expect(level.errors).toBe(0);
    }
  });

  it('reads the API process memory after logins and the session sweep', () => {
    expect(results.memory.errors).toBe(0);
    expect(results.memory.points).toHaveLength(3);
    for (const point of results.memory.points) expect(point.rssBytes).toBeGreaterThan(0);
  });
});
