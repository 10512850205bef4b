// Real child processes for tests: the database (`npm run db`) and the API
// (`npm run api` equivalent), started and stopped the way an operator would.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface RunningProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export function run(command: string, args: string[], env: Record<string, string | undefined>): RunningProcess {
  const child = spawn(command, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Environment without MONGODB_URI, so `npm run db` starts a database of its own. */
export function ownDatabaseEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const { MONGODB_URI: _ignored, ...env } = process.env;
  return { ...env, ...extra };
}

/** Starts `node scripts/db.mjs` and resolves once it printed its URI. */
export async function startOwnDatabase(dataDir: string, port = 0) {
  const db = run('node', ['scripts/db.mjs'], ownDatabaseEnv({ DB_PORT: String(port), DB_DATA_DIR: dataDir }));
  const uri = await waitFor(() => /MONGODB_URI=(\S+)/.exec(db.output())?.[1], 60_000, `database URI (${db.output()})`);
  return { ...db, uri, port: Number(new URL(uri).port) };
}
