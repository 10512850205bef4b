// Resolves and starts the MongoDB-compatible database for dev, tests and `npm run db`.
// Order: MONGODB_URI (start nothing) → `mongod` on PATH → embedded FerretDB v1.24.2
// (SQLite backend) → a clear error naming those three ways.
// Everything listens on 127.0.0.1 only; FerretDB runs with telemetry and its debug
// listener off, so nothing here ever opens a connection off this machine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, cpSync, writeFileSync, chmodSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOOLS_BIN = path.join(ROOT, '.tools', 'bin');
const FERRETDB_BIN = path.join(TOOLS_BIN, 'ferretdb');
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const FERRETDB_VERSION = 'v1.24.2';

export class DatabaseUnavailableError extends Error {}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** Asks the OS for a free loopback port. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port. */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Builds FerretDB into .tools/bin once. `go install …@v1.24.2` alone yields a binary
 * that panics at start: the module on the proxy lacks the generated
 * build/version/version.txt. So we fetch that same module through the Go module
 * proxy, write the file FerretDB's own panic message asks for, and `go build` it.
 */
export function ensureFerretDB(log = console.error) {
  if (existsSync(FERRETDB_BIN)) return FERRETDB_BIN;
  log(`Building FerretDB ${FERRETDB_VERSION} into .tools/bin (first run only; this takes a few minutes)…`);
  const download = spawnSync('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  if (download.status !== 0) throw new DatabaseUnavailableError(`go mod download failed:\n${download.stderr}`);
  const { Dir } = JSON.parse(download.stdout);
  const src = path.join(ROOT, '.tools', 'ferretdb-src');
  rmSync(src, { recursive: true, force: true });
  cpSync(Dir, src, { recursive: true });
  chmodSync(path.join(src, 'build', 'version'), 0o755);
  writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  mkdirSync(TOOLS_BIN, { recursive: true });
  const build = spawnSync('go', ['build', '-buildvcs=false', '-o', FERRETDB_BIN, './cmd/ferretdb'], {
    cwd: src,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  rmSync(src, { recursive: true, force: true });
  if (build.status !== 0) throw new DatabaseUnavailableError('go build of FerretDB failed (see above).');
  log('FerretDB built.');
  return FERRETDB_BIN;
}

/** Which database this machine would use, without starting anything. */
export function chooseDatabase(env = process.env) {
  if (env.MONGODB_URI) return 'external';
  if (onPath('mongod')) return 'mongod';
  if (existsSync(FERRETDB_BIN) || onPath('go')) return 'ferretdb';
  throw new DatabaseUnavailableError(
    'No database available. Do one of these:\n' +
      '  1. set MONGODB_URI to a running MongoDB (for example mongodb://127.0.0.1:27017/),\n' +
      '  2. put `mongod` on PATH (it will be started on 127.0.0.1 with data under .data/),\n' +
      '  3. install Go, so the embedded FerretDB v1.24.2 can be built into .tools/.',
  );
}

async function waitForPort(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new DatabaseUnavailableError(`database exited with code ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new DatabaseUnavailableError(`database did not accept connections on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function spawnDatabase(kind, port, dataDir) {
  mkdirSync(dataDir, { recursive: true });
  if (kind === 'mongod') {
    return spawn('mongod', ['--bind_ip', '127.0.0.1', '--port', String(port), '--dbpath', dataDir, '--quiet'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return spawn(
    ensureFerretDB(),
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/**
 * Starts (or points at) the database. Returns { uri, kind, child, stop }.
 * `port` 0 picks a free port; a busy fixed port is an error, never a hang.
 */
export async function startDatabase({ port = 0, dataDir = path.join(ROOT, '.data', 'db'), env = process.env } = {}) {
  const kind = chooseDatabase(env);
  if (kind === 'external') return { uri: env.MONGODB_URI, kind, child: null, stop: async () => {} };
  if (port === 0) port = await freePort();
  else if (!(await portIsFree(port))) {
    throw new DatabaseUnavailableError(
      `Port ${port} on 127.0.0.1 is already in use. Set DB_PORT to another port, or DB_PORT=0 for any free port.`,
    );
  }
  const child = spawnDatabase(kind, port, dataDir);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  try {
    await waitForPort(port, child, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { uri: `mongodb://127.0.0.1:${port}/`, kind, child, port, stop };
}

/**
 * For long-running dev commands: DB_PORT (default 27017) if free, else any free
 * port; on failure, the message naming the ways to get a database, and exit 1.
 */
export async function startDatabaseOrExit() {
  try {
    const preferred = Number(process.env.DB_PORT ?? 27017);
    return await startDatabase({ port: (await portIsFree(preferred)) ? preferred : await freePort() });
  } catch (error) {
    if (!(error instanceof DatabaseUnavailableError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
