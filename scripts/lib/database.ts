// Resolves and starts the MongoDB-compatible database for dev, tests and `npm run db`.
// Order: MONGODB_URI (start nothing) → `mongod` on PATH → embedded FerretDB v1.24.2
// (SQLite backend, built with the index patch in ./ferretdb) → a clear error naming those three ways.
// Everything listens on 127.0.0.1 only; FerretDB runs with telemetry and its debug
// listener off, so nothing here ever opens a connection off this machine.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { PATCH_ID, applyPatch } from './ferretdb/patch';
import { ROOT, WaitTimeoutError, freePort, portAccepts, portIsFree, start, waitFor } from './processes';
import type { RunningProcess } from './processes';

const TOOLS_BIN = path.join(ROOT, '.tools', 'bin');
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const FERRETDB_VERSION = 'v1.24.2';

/** What the app runs, `patched`; or FerretDB as released, `upstream`, which tests compare it with. */
export type FerretDBBuild = 'patched' | 'upstream';

// The patched binary is named by its patch: a checkout with an older build (or none) builds this one.
const FERRETDB_BIN: Record<FerretDBBuild, string> = {
  patched: path.join(TOOLS_BIN, `ferretdb-${FERRETDB_VERSION}-${PATCH_ID}`),
  upstream: path.join(TOOLS_BIN, `ferretdb-${FERRETDB_VERSION}-upstream`),
};

export class DatabaseUnavailableError extends Error {}

export type DatabaseKind = 'external' | 'mongod' | 'ferretdb';

export interface Database {
  uri: string;
  kind: DatabaseKind;
  /** The database server this started; null for an external one. */
  proc: RunningProcess | null;
  port?: number;
  stop(): Promise<void>;
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/**
 * Copies FerretDB's module, as the Go module proxy serves it, into `to`. Go keeps its module
 * cache read-only; the copy is made writable, to be patched and then removed.
 */
export function copyFerretDBModule(to: string): void {
  const download = spawnSync('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  if (download.status !== 0) throw new DatabaseUnavailableError(`go mod download failed:\n${download.stderr}`);
  cpSync((JSON.parse(download.stdout) as { Dir: string }).Dir, to, { recursive: true });
  for (const entry of ['', ...readdirSync(to, { recursive: true, encoding: 'utf8' })]) {
    const file = path.join(to, entry);
    chmodSync(file, statSync(file).mode | 0o200);
  }
}

/**
 * Builds `pkg` of FerretDB's module into `output`, after `prepare` has edited a copy of its
 * source. `go install …@v1.24.2` alone yields a binary that panics at start: the module on the
 * proxy lacks the generated build/version/version.txt. So we fetch that same module through the
 * Go module proxy, write the file FerretDB's own panic message asks for, and `go build` it. Each
 * build works in a copy of its own and renames its binary into place, so two first runs at once
 * (jest workers) never see half a binary.
 */
export function buildFromFerretDBModule(output: string, pkg: string, prepare: (srcDir: string) => void): void {
  mkdirSync(TOOLS_BIN, { recursive: true });
  const src = mkdtempSync(path.join(ROOT, '.tools', 'ferretdb-src-'));
  const partial = `${output}.${process.pid}.partial`;
  try {
    copyFerretDBModule(src);
    writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    prepare(src);
    const build = spawnSync('go', ['build', '-buildvcs=false', '-o', partial, pkg], {
      cwd: src,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (build.status !== 0) throw new DatabaseUnavailableError(`go build of FerretDB's ${pkg} failed (see above).`);
    renameSync(partial, output);
  } finally {
    rmSync(src, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
}

/** Builds FerretDB into .tools/bin once: `patched` (see ./ferretdb/patch.ts) unless told otherwise. */
export function ensureFerretDB(
  log: (message: string) => void = console.error,
  build: FerretDBBuild = 'patched',
): string {
  const bin = FERRETDB_BIN[build];
  if (existsSync(bin)) return bin;
  const what = build === 'patched' ? `with its index patch (${path.basename(bin)})` : 'as released';
  log(`Building FerretDB ${FERRETDB_VERSION} ${what} into .tools/bin (first run only; this takes a few minutes)…`);
  buildFromFerretDBModule(bin, './cmd/ferretdb', build === 'patched' ? applyPatch : () => {});
  log('FerretDB built.');
  return bin;
}

/** Which database this machine would use, without starting anything. */
export function chooseDatabase(env: NodeJS.ProcessEnv = process.env): DatabaseKind {
  if (env.MONGODB_URI) return 'external';
  if (onPath('mongod')) return 'mongod';
  if (existsSync(FERRETDB_BIN.patched) || onPath('go')) return 'ferretdb';
  throw new DatabaseUnavailableError(
    'No database available. Do one of these:\n' +
      '  1. set MONGODB_URI to a running MongoDB (for example mongodb://127.0.0.1:27017/),\n' +
      '  2. put `mongod` on PATH (it will be started on 127.0.0.1 with data under .data/),\n' +
      '  3. install Go, so the embedded FerretDB v1.24.2 can be built into .tools/.',
  );
}

export interface FerretDBOptions {
  build?: FerretDBBuild;
  /** Log every SQL statement FerretDB runs, as JSON lines on stderr, kept in `proc.output()`. */
  logSql?: boolean;
}

function startServer(
  kind: 'mongod' | 'ferretdb',
  port: number,
  dataDir: string,
  { build = 'patched', logSql = false }: FerretDBOptions,
): RunningProcess {
  mkdirSync(dataDir, { recursive: true });
  // The server's errors reach this terminal; its routine output is dropped.
  const stdio: ['ignore', 'ignore', 'inherit' | 'pipe'] = ['ignore', 'ignore', logSql ? 'pipe' : 'inherit'];
  if (kind === 'mongod') {
    const args = ['--bind_ip', '127.0.0.1', '--port', String(port), '--dbpath', dataDir, '--quiet'];
    return start('mongod', 'mongod', args, { stdio });
  }
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir}/`,
    `--state-dir=${dataDir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    ...(logSql ? ['--log-level=debug', '--log-format=json'] : ['--log-level=error']),
  ];
  return start('ferretdb', ensureFerretDB(console.error, build), args, { stdio });
}

async function waitUntilAccepting(proc: RunningProcess, port: number, timeoutMs: number): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (!proc.alive()) throw new DatabaseUnavailableError(`database exited with code ${proc.child.exitCode}`);
        return (await portAccepts(port)) || undefined;
      },
      timeoutMs,
      `the database on port ${port}`,
    );
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    throw new DatabaseUnavailableError(
      `database did not accept connections on 127.0.0.1:${port} within ${timeoutMs} ms`,
    );
  }
}

interface StartDatabaseOptions {
  /** 0 picks a free port; a busy fixed port is an error, never a hang. */
  port?: number;
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** Starts (or points at) the database. */
export async function startDatabase(options: StartDatabaseOptions = {}): Promise<Database> {
  const { dataDir = path.join(ROOT, '.data', 'db'), env = process.env } = options;
  const kind = chooseDatabase(env);
  if (kind === 'external') return { uri: env.MONGODB_URI ?? '', kind, proc: null, stop: async () => {} };
  return launch(kind, options.port ?? 0, dataDir, {});
}

/** The embedded FerretDB on a free port, whatever this machine would choose: for tests that compare builds. */
export function startFerretDB(dataDir: string, options: FerretDBOptions = {}): Promise<Database> {
  return launch('ferretdb', 0, dataDir, options);
}

async function launch(
  kind: 'mongod' | 'ferretdb',
  requestedPort: number,
  dataDir: string,
  ferretdb: FerretDBOptions,
): Promise<Database> {
  let port = requestedPort;
  if (port === 0) port = await freePort();
  else if (!(await portIsFree(port))) {
    throw new DatabaseUnavailableError(
      `Port ${port} on 127.0.0.1 is already in use. Set DB_PORT to another port, or DB_PORT=0 for any free port.`,
    );
  }
  const proc = startServer(kind, port, dataDir, ferretdb);
  const stop = async () => {
    await proc.stop(5000);
  };
  try {
    await waitUntilAccepting(proc, port, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { uri: `mongodb://127.0.0.1:${port}/`, kind, proc, port, stop };
}

/** For the command-line entry points: a DatabaseUnavailableError is a message and exit 1, not a stack. */
export async function orExit<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/**
 * For long-running dev commands: DB_PORT (default 27017) if free, else any free
 * port; on failure, the message naming the ways to get a database, and exit 1.
 */
export function startDatabaseOrExit(): Promise<Database> {
  return orExit(async () => {
    const preferred = Number(process.env.DB_PORT ?? 27017);
    return startDatabase({ port: (await portIsFree(preferred)) ? preferred : await freePort() });
  });
}
