// The hardening harness: real API processes (`node --import tsx server/src/index.ts`,
// one process, so signals and /proc/<pid> reach the API itself), spoken to over
// 127.0.0.1 only, and a direct database handle to count what was written.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { freePort, start, waitForHttp } from '../../scripts/lib/processes';
import type { RunningProcess } from '../../scripts/lib/processes';
import { ErrorCode } from '../src/errors';
import { testEnv, TestClient } from '../src/testing/testServer';

export { TestClient };
export { freePort, waitFor } from '../../scripts/lib/processes';
export { startOwnDatabase } from '../src/testing/processes';
export { testDatabaseUri, errorCode, sleep, tokenHash, uniqueEmail } from '../src/testing/testServer';
export {
  REGISTER,
  LOGIN,
  REFRESH,
  ME,
  SESSIONS,
  LOGOUT,
  LOGOUT_ALL,
  CHANGE_PASSWORD,
  REQUEST_PASSWORD_RESET,
  RESET_PASSWORD,
  VERIFY_EMAIL,
  VERIFY_MFA,
} from '../src/testing/operations';
export { jwtClaims } from '../src/testing/forgedJwt';

/** The codes that blame the server rather than the request. */
const SERVER_FAULTS = new Set<string>([ErrorCode.INTERNAL_SERVER_ERROR, ErrorCode.SERVICE_UNAVAILABLE]);

/**
 * Every code a client may see for a request it got wrong: the server's catalogue and Apollo's
 * request codes, less the server's own faults. Anything else (or a 5xx) is a failure.
 */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set(
  [...Object.values(ErrorCode), ...Object.values(ApolloServerErrorCode)].filter((code) => !SERVER_FAULTS.has(code)),
);

export interface ApiProcess {
  url: string;
  port: number;
  pid: number;
  env: Record<string, string>;
  proc: RunningProcess;
  output(): string;
  alive(): boolean;
  /** Resident set size in KiB, from /proc/<pid>/status. */
  rssKb(): number;
  /** SIGTERM and wait for the exit code (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * Starts one API process and waits for /healthz. `env` overrides the test
 * defaults (a fresh database name, BCRYPT_COST=4, COOKIE_SECURE=false,
 * TRUST_PROXY=loopback so X-Forwarded-For varies the client IP).
 */
export async function startApi(env: Record<string, string> = {}, port?: number): Promise<ApiProcess> {
  const chosenPort = port ?? (await freePort());
  const fullEnv = { ...testEnv({ LOG_LEVEL: 'warn' }), ...env, PORT: String(chosenPort), HOST: '127.0.0.1' };
  const proc = start(`API on port ${chosenPort}`, 'node', ['--import', 'tsx', 'server/src/index.ts'], {
    env: { ...process.env, ...fullEnv },
  });
  const url = `http://127.0.0.1:${chosenPort}`;
  await waitForHttp(`${url}/healthz`, proc);
  return {
    url,
    port: chosenPort,
    pid: proc.child.pid!,
    env: fullEnv,
    proc,
    output: proc.output,
    alive: proc.alive,
    rssKb: () => rssKb(proc.child.pid!),
    stop: (timeoutMs = 20_000) => proc.stop(timeoutMs),
  };
}

export function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

/** The ferretdb (or mongod) process that `npm run db` (scripts/db.ts) spawned. */
export function databaseServerPid(dbScriptPid: number): number {
  const out = execFileSync('pgrep', ['-P', String(dbScriptPid)], { encoding: 'utf8' }).trim();
  const pid = Number(out.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no child of ${dbScriptPid}`);
  return pid;
}

/** A direct handle on the API's database, to count what the API wrote. */
export async function openDatabase(uri: string): Promise<{ db: Db; close(): Promise<void> }> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  return { db: client.db(new URL(uri).pathname.slice(1)), close: () => client.close() };
}

export interface RawResponse {
  status: number;
  body: string;
  json: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; extensions?: { code?: unknown } }>;
  } | null;
  ms: number;
}

/** A POST to /graphql with exactly the headers and body given; never throws on a bad status. */
export async function rawPost(
  url: string,
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = { 'content-type': 'application/json' },
  timeoutMs = 15_000,
): Promise<RawResponse> {
  const started = Date.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: RawResponse['json'];
  try {
    json = JSON.parse(text) as RawResponse['json'];
  } catch {
    json = null; // not JSON: the caller checks the status
  }
  return { status: response.status, body: text, json, ms: Date.now() - started };
}

/** /healthz answers 200 and the process is still running. */
export async function healthy(api: ApiProcess): Promise<boolean> {
  if (!api.alive()) return false;
  const res = await fetch(`${api.url}/healthz`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
  return res?.status === 200;
}

/** Log lines an API must never write under attack or fault. */
export function unhandledLines(output: string): string[] {
  return output.split('\n').filter((line) => /unhandled|uncaught/i.test(line));
}

let ipCounter = 0;
/** A distinct TEST-NET-3 address per call, so one test's rate limits don't touch another's. */
export const nextIp = () => `203.0.113.${(ipCounter++ % 250) + 1}`;

export { percentile } from '../../bench/lib/stats';

/**
 * A POST over a connection of its own (no keep-alive pool): what a new client
 * does. Resolves with the status and body, or with the socket error's code.
 */
export function freshPost(
  url: string,
  body: string,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      `${url}/graphql`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}

export interface Outcome {
  op: string;
  at: number;
  ms: number;
  status: number;
  /** 'ok', a GraphQL error code, 'network' or 'hung'. */
  code: string;
}

/** Runs one client request and records how it ended; never throws. */
export async function timed(
  op: string,
  request: () => Promise<{ status: number; errors?: Array<{ extensions?: Record<string, unknown> }> }>,
  hangMs = 20_000,
): Promise<Outcome> {
  const at = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), hangMs)));
  try {
    const res = await Promise.race([request(), hang]);
    if (res === 'hung') return { op, at, ms: Date.now() - at, status: 0, code: 'hung' };
    const code = res.errors?.[0]?.extensions?.code;
    return { op, at, ms: Date.now() - at, status: res.status, code: typeof code === 'string' ? code : 'ok' };
  } catch {
    return { op, at, ms: Date.now() - at, status: 0, code: 'network' };
  } finally {
    clearTimeout(timer);
  }
}
