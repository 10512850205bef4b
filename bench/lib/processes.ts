// The processes a benchmark run owns: API instances, the bare Express baseline and
// the baseline workers, each pinned to a CPU when `taskset` works here. Started,
// awaited and stopped through the repository's toolkit (scripts/lib/processes.ts).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT, freePort, start, waitForHttp } from '../../scripts/lib/processes';
import type { RunningProcess } from '../../scripts/lib/processes';
import type { ProbeStats } from '../eventLoopProbe';
import { IDLE_TTL_MS } from './seed';
import type { Task, TaskResults } from './tasks';

/** CPU placement: the API (and everything measured like it) on `server`, the harness and database on `load`. */
export interface CpuPlan {
  pinned: boolean;
  server: string | null;
  load: string | null;
  cpus: number;
}

export function planCpus(): CpuPlan {
  const cpus = spawnSync('nproc', { encoding: 'utf8' });
  const count = Number(cpus.stdout?.trim()) || 1;
  const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  if (!taskset || count < 2) return { pinned: false, server: null, load: null, cpus: count };
  // Pin this process (all its threads) first: the database spawned later inherits it.
  const self = spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { encoding: 'utf8' });
  return { pinned: self.status === 0, server: '0', load: '1', cpus: count };
}

/**
 * Measured processes run plain JavaScript, as the API runs server/dist: tsx preloaded
 * into one adds a module-loader thread and 35–45 MB of RSS (measured on the API at
 * start), which the memory rows would report as the API's. So the event-loop probe
 * and the bare server are transpiled once per run, into a git-ignored folder.
 */
const PLAIN_JS = path.join(ROOT, '.data', 'bench-js');
export const PROBE = path.join(PLAIN_JS, 'eventLoopProbe.cjs');
export const BARE_SERVER = path.join(PLAIN_JS, 'bareServer.cjs');

export function transpileMeasuredScripts(): void {
  mkdirSync(PLAIN_JS, { recursive: true });
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  for (const [source, out] of [
    ['eventLoopProbe.ts', PROBE],
    ['bareServer.ts', BARE_SERVER],
  ] as const) {
    const { outputText } = ts.transpileModule(readFileSync(path.join(ROOT, 'bench', source), 'utf8'), {
      compilerOptions,
    });
    writeFileSync(out, outputText);
  }
}

/** Starts `node args` on the server CPU with an IPC channel. */
function startNode(cpus: CpuPlan, name: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const [command, argv] = cpus.pinned
    ? ['taskset', ['-c', cpus.server ?? '0', process.execPath, ...args]]
    : [process.execPath, args];
  return start(name, command, argv, { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
}

export function buildServer(): void {
  // The server's build empties dist/ first: tsc never removes an output whose source is gone.
  const build = spawnSync('npm', ['run', 'build', '-w', 'server'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build -w server failed:\n${build.stdout}\n${build.stderr}`);
}

export const benchSecret = () => randomBytes(48).toString('base64');

interface ApiEnvOptions {
  mongodbUri: string;
  /** The harness's SMTP sink (scripts/lib/mailbox.ts): production requires SMTP_URL, and sign-ups send mail. */
  smtpUrl: string;
  port: number;
  secret: string;
  extra?: Record<string, string>;
}

/** The API's environment: production build, generous limits so the limiter never refuses load. */
export function apiEnv({ mongodbUri, smtpUrl, port, secret, extra = {} }: ApiEnvOptions): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(process.env.UV_THREADPOOL_SIZE ? { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE } : {}),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    MONGODB_URI: mongodbUri,
    SMTP_URL: smtpUrl,
    APP_URL: 'http://localhost:3000',
    // The harness signs the main rows' access tokens with this secret (lib/phases.ts seed), so
    // those APIs run HS256; the ES256 API (run.ts) overrides it and issues its own tokens.
    ACCESS_TOKEN_ALG: 'HS256',
    JWT_ACCESS_SECRET: secret,
    // Production wants a refresh secret of its own.
    REFRESH_TOKEN_SECRET: `${secret}-refresh`,
    MFA_ENCRYPTION_KEY: `${secret}-mfa`,
    // The run lasts up to 15 minutes; seeded access tokens must outlive it.
    ACCESS_TOKEN_TTL: '1h',
    // The idle lifetime the seeded sessions and the refresh baseline assume.
    REFRESH_IDLE_TTL: String(IDLE_TTL_MS),
    COOKIE_SECURE: 'false',
    BCRYPT_COST: '12',
    LOGIN_MAX_FAILURES: '1000000',
    LOGIN_MAX_FAILURES_ACCOUNT: '1000000',
    LOGIN_MAX_FAILURES_IP: '1000000',
    REGISTER_MAX_PER_IP: '1000000',
    PASSWORD_CONFIRM_MAX: '1000000',
    LOGIN_MAX_ATTEMPTS_ACCOUNT: '1000000',
    LOGIN_MAX_ATTEMPTS_IP: '1000000',
    REFRESH_MAX_PER_SESSION: '1000000',
    MAX_SESSIONS_PER_USER: '100000',
    BCRYPT_MAX_QUEUE: '100000',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/** A Node process under measurement, with the event-loop probe preloaded. */
export interface Probed {
  name: string;
  url: string;
  output(): string;
  resetProbe(): Promise<unknown>;
  readProbe(): Promise<ProbeStats>;
  /** CPU seconds the process has used, all threads (Linux /proc), or null where unreadable. */
  cpuSeconds(): number | null;
  stop(): Promise<unknown>;
}

export async function startProbed(
  cpus: CpuPlan,
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<Probed> {
  const port = Number(env.PORT) || (await freePort());
  const proc = startNode(cpus, name, ['--import', PROBE, script], { ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, proc);
  const cpuSeconds = () => processCpuSeconds(proc.child.pid);
  return { name, url, output: proc.output, ...probeClient(proc), cpuSeconds, stop: () => proc.stop(8000) };
}

/** utime + stime of /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function probeClient({ child }: RunningProcess) {
  const ask = <T>(probe: string, answer: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`probe ${probe}: no answer`)), 10_000);
      const onMessage = (message: unknown) => {
        if ((message as { probe?: unknown } | null)?.probe !== answer) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(message as T);
      };
      child.on('message', onMessage);
      child.send({ probe });
    });
  return { resetProbe: () => ask<unknown>('reset', 'reset-done'), readProbe: () => ask<ProbeStats>('read', 'stats') };
}

/** Runs a baseline worker (bench/baselines.ts) on the server CPU; resolves with its JSON answer. */
export async function runWorker<K extends Task['kind']>(
  cpus: CpuPlan,
  task: Extract<Task, { kind: K }>,
): Promise<TaskResults[K]> {
  const env = { ...process.env, BENCH_TASK: JSON.stringify(task) };
  const worker = startNode(
    cpus,
    `baseline ${task.kind}`,
    ['--import', 'tsx', path.join(ROOT, 'bench', 'baselines.ts')],
    env,
  );
  let stdout = '';
  worker.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  // 'close', not 'exit': the answer is read only once stdout has been drained.
  const closed = new Promise<void>((resolve) => worker.child.once('close', () => resolve()));
  const code = await worker.exited;
  await closed;
  if (code !== 0) throw new Error(`baseline ${task.kind} failed (${code}):\n${worker.output()}`);
  try {
    return JSON.parse(stdout.trim().split('\n').pop() ?? '') as TaskResults[K];
  } catch (error) {
    throw new Error(`baseline ${task.kind} printed no result:\n${worker.output()}`, { cause: error });
  }
}
