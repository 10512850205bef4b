/**
 * Starts what the browser tests need: the API (on a database of its own), a production build of
 * the web app pointed at it, and Chromium. `npm test` provides MONGODB_URI.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
const CLIENT = path.join(ROOT, 'client');
export const ARTIFACTS = path.join(ROOT, 'artifacts');

/** Short enough that the tests can wait past it. */
export const ACCESS_TTL_MS = 4_000;

/** Children being stopped on purpose: their exit code is not a failure. */
const stopping = new WeakSet<ChildProcess>();

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Stack {
  webUrl: string;
  apiUrl: string;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const mongodbUri = process.env.MONGODB_URI;
  if (!mongodbUri) throw new Error('MONGODB_URI is not set: run the browser tests with `npm test`');
  mkdirSync(ARTIFACTS, { recursive: true });
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopProcess));
  };
  try {
    const apiPort = Number(process.env.E2E_API_PORT ?? (await freePort()));
    const webPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const webUrl = `http://127.0.0.1:${webPort}`;

    const api = start(
      'api',
      'node_modules/.bin/tsx',
      ['server/src/index.ts'],
      ROOT,
      apiEnv(mongodbUri, apiPort, webUrl),
    );
    children.push(api);
    // The rewrite to the API is fixed at build time, so the build needs the API's address.
    const webEnv = { API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' };
    const build =
      process.env.E2E_REUSE_BUILD === '1'
        ? Promise.resolve()
        : run('next build', 'node_modules/.bin/next', ['build'], webEnv);
    await Promise.all([waitForHttp(`${apiUrl}/healthz`, api), build]);

    const web = start('web', 'node_modules/.bin/next', ['start', '-p', String(webPort), '-H', '127.0.0.1'], CLIENT, {
      ...webEnv,
      NODE_ENV: 'production',
    });
    children.push(web);
    await waitForHttp(`${webUrl}/login`, web);

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    return {
      webUrl,
      apiUrl,
      browser,
      stop: async () => {
        await browser.close();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function apiEnv(mongodbUri: string, port: number, webUrl: string): Record<string, string> {
  const database = new URL(mongodbUri);
  database.pathname = `/e2e_${randomBytes(6).toString('hex')}`;
  return {
    PORT: String(port),
    MONGODB_URI: database.toString(),
    NODE_ENV: 'development',
    JWT_ACCESS_SECRET: randomBytes(32).toString('base64'),
    ACCESS_TOKEN_TTL: `${ACCESS_TTL_MS / 1000}s`,
    COOKIE_SECURE: 'false',
    BCRYPT_COST: '4',
    LOGIN_MAX_FAILURES: '3',
    REGISTER_MAX_PER_IP: '1000',
    // A revoked session is refused on its very next request, not after the cache expires.
    SESSION_CACHE_TTL: '0',
    LOG_LEVEL: 'warn',
    // As in `npm run dev`: the web app's proxy is local, so its X-Forwarded-For is the browser's address.
    TRUST_PROXY: 'loopback',
    CORS_ORIGINS: webUrl,
  };
}

/** Child output is kept and shown only when the child fails. */
function start(name: string, command: string, args: string[], cwd: string, env: Record<string, string>): ChildProcess {
  const child = spawn(path.join(ROOT, command), args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stopping it also stops what it spawned
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', (code) => {
    if (code !== 0 && !stopping.has(child)) process.stderr.write(`[${name}] exited with ${code}\n${output.join('')}\n`);
  });
  return child;
}

function run(name: string, command: string, args: string[], env: Record<string, string>): Promise<void> {
  const child = start(name, command, args, CLIENT, env);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} failed (${code})`))));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  stopping.add(child);
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process serving it exited (${child.exitCode})`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
