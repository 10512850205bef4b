// What one run measures and for how long, from the command line (node:util
// parseArgs) and BENCH_SMOKE=1:
//   --smoke      one short round of everything (CI smoke test)
//   --duration <s> --rounds <n> --connections <n> --no-build --out <dir>
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../../scripts/lib/processes';

/** A round of a timed length, or of a fixed number of requests all waited for. */
export type Round = { duration: number } | { amount: number };

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`--${name} takes a positive number, not ${raw}`);
  return value;
}

export function readSettings(args: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      smoke: { type: 'boolean', default: env.BENCH_SMOKE === '1' },
      // Node 20's parseArgs has no `allowNegative`: --no-build is an option of its own.
      'no-build': { type: 'boolean', default: false },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const smoke = values.smoke;
  const loginConcurrency = 8;
  const slowDuration = smoke ? 3 : 6;
  return Object.freeze({
    smoke,
    build: !values['no-build'],
    duration: positive('duration', values.duration) ?? (smoke ? 2 : 5),
    rounds: positive('rounds', values.rounds) ?? (smoke ? 1 : 3),
    warmup: !smoke,
    connections: positive('connections', values.connections) ?? 50,
    loginConcurrency,
    // FerretDB v1 (SQLite) serializes writes and scans on most filters: 50 connections of
    // database-bound writes queue past the API's 5 s database timeout, so write rows and
    // their baselines use the login concurrency.
    writeConcurrency: loginConcurrency,
    users: smoke ? 200 : 1000,
    // Rows bound by bcrypt or database writes complete a few requests a second, seconds
    // apart: full runs give them longer rounds (less of the round is ramp-up); smoke runs
    // send a fixed number of requests (two per connection) instead of a 2 s round.
    slowDuration,
    slowRound: (connections: number): Round => (smoke ? { amount: 2 * connections } : { duration: slowDuration }),
    /** A round of a fixed number of requests, all waited for: for rows slower than a round. */
    closedRound: (connections: number) => ({ amount: (smoke ? 2 : 3) * connections }),
    scaleLevels: smoke ? [1_500] : [10_000, 100_000],
    jwtSeconds: smoke ? 0.2 : 1,
    memoryLoginSeconds: smoke ? 2 : 30,
    memorySweepSeconds: smoke ? 2 : 30,
    outDir: values.out ? path.resolve(values.out) : path.join(ROOT, 'bench', 'results'),
    issuer: 'graphql-session-auth',
    audience: 'graphql-session-auth-api',
  });
}

export type Settings = ReturnType<typeof readSettings>;
