// The one toolkit for child processes and ports, shared by the dev scripts, the
// tests, the hardening and browser suites and the bench: a free loopback port,
// a process started with its output kept, a wait until it answers, and a stop
// (of its whole process group when it has one) by SIGTERM, then SIGKILL after a
// grace period. Everything listens on and is probed at 127.0.0.1 only.
import { spawn } from 'node:child_process';
import type { ChildProcess, StdioOptions } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** The repository root; children start here unless told otherwise. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** True when something accepts a TCP connection on 127.0.0.1:port. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface StartOptions {
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Default: stdin ignored, stdout and stderr kept for output(). */
  stdio?: StdioOptions;
  /** Its own process group, so stop() also reaches what it spawned (`next`, `tsx watch`). */
  group?: boolean;
}

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** What it wrote to piped stdout and stderr, interleaved. */
  output(): string;
  /** Resolves with the exit code (null when ended by a signal). */
  exited: Promise<number | null>;
  alive(): boolean;
  /** True once stop() was called: an exit after that is not a failure. */
  stopping(): boolean;
  /** SIGTERM, SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export function start(name: string, command: string, args: string[], options: StartOptions = {}): RunningProcess {
  const { env = process.env, cwd = ROOT, stdio = ['ignore', 'pipe', 'pipe'], group = false } = options;
  const child = spawn(command, args, { cwd, env, stdio, detached: group });
  let output = '';
  let ended = false;
  let stopRequested = false;
  const keep = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      ended = true;
      resolve(code);
    });
    // A command that cannot be started emits 'error' and never 'exit'.
    child.on('error', (error) => {
      output += `${name}: ${error.message}\n`;
      if (child.pid !== undefined) return;
      ended = true;
      resolve(null);
    });
  });
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (group && child.pid !== undefined) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // already gone
    }
  };
  const alive = () => !ended && child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    output: () => output,
    exited,
    alive,
    stopping: () => stopRequested,
    async stop(graceMs = 10_000) {
      stopRequested = true;
      if (!alive()) return child.exitCode;
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export class WaitTimeoutError extends Error {}

/** Polls `probe` until it returns something other than undefined; a throw ends the wait. */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Waits until `url` answers 2xx; fails at once, with its output, if `proc` exits first. */
export async function waitForHttp(url: string, proc: RunningProcess, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    async () => {
      if (!proc.alive()) {
        const code = proc.child.exitCode ?? proc.child.signalCode;
        throw new Error(`${proc.name} exited (${code}) before ${url} answered:\n${proc.output().slice(-4000)}`);
      }
      return fetch(url).then(
        (response) => (response.ok ? true : undefined),
        () => undefined,
      );
    },
    timeoutMs,
    `${url} (${proc.name})`,
    200,
  );
}
