// The processes a benchmark run owns: the database, API instances and the bare
// Express baseline, each pinned to a CPU when `taskset` works here.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ROOT, freePort } from '../../scripts/lib/database.mjs';

export { ROOT };
const PROBE = path.join(ROOT, 'bench', 'eventLoopProbe.mjs');

/** CPU placement: API (and everything measured like it) on `server`, the harness and database on `load`. */
export function planCpus() {
  const cpus = spawnSync('nproc', { encoding: 'utf8' });
  const count = Number(cpus.stdout?.trim()) || 1;
  const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  if (!taskset || count < 2) return { pinned: false, server: null, load: null, cpus: count };
  // Pin this process (all its threads) first: the database spawned later inherits it.
  const self = spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { encoding: 'utf8' });
  return { pinned: self.status === 0, server: '0', load: '1', cpus: count };
}

/** Spawns `node args` on the server CPU with an IPC channel. */
function spawnNode(cpus, args, env) {
  const [command, argv] = cpus.pinned
    ? ['taskset', ['-c', cpus.server, process.execPath, ...args]]
    : [process.execPath, args];
  return spawn(command, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
}

export function buildServer() {
  const build = spawnSync('npm', ['run', 'build', '-w', 'server'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build -w server failed:\n${build.stdout}\n${build.stderr}`);
}

export const benchSecret = () => randomBytes(48).toString('base64');

/** The API's environment: production build, generous limits so the limiter never refuses load. */
export function apiEnv({ mongodbUri, port, secret, extra = {} }) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.UV_THREADPOOL_SIZE ? { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE } : {}),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    MONGODB_URI: mongodbUri,
    JWT_ACCESS_SECRET: secret,
    // The run lasts up to 15 minutes; seeded access tokens must outlive it.
    ACCESS_TOKEN_TTL: '1h',
    COOKIE_SECURE: 'false',
    BCRYPT_COST: '12',
    LOGIN_MAX_FAILURES: '1000000',
    LOGIN_MAX_FAILURES_ACCOUNT: '1000000',
    LOGIN_MAX_FAILURES_IP: '1000000',
    REGISTER_MAX_PER_IP: '1000000',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** A Node process under measurement, with the event-loop probe preloaded. */
export async function startProbed(cpus, name, script, env) {
  const port = Number(env.PORT) || (await freePort());
  const child = spawnNode(cpus, ['--import', PROBE, script], { ...env, PORT: String(port) });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`${name} did not answer /healthz within 60 s:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { name, child, url, port, output: () => output, ...probeClient(child), stop: () => stopChild(child) };
}

function probeClient(child) {
  const ask = (probe, answer) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`probe ${probe}: no answer`)), 10_000);
      const onMessage = (message) => {
        if (message?.probe !== answer) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.send({ probe });
    });
  return { resetProbe: () => ask('reset', 'reset-done'), readProbe: () => ask('read', 'stats') };
}

export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 8000).unref();
  });
}

/** Runs a baseline worker (bench/baselines.mjs) on the server CPU; resolves with its JSON answer. */
export function runWorker(cpus, task, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawnNode(cpus, [path.join(ROOT, 'bench', 'baselines.mjs')], {
      ...process.env,
      ...env,
      BENCH_TASK: JSON.stringify(task),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`baseline ${task.kind} failed (${code}):\n${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch (error) {
        reject(new Error(`baseline ${task.kind} printed no result: ${out}\n${err}\n${error}`));
      }
    });
  });
}
