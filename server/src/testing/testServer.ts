// The one factory every API test gets its server from: the real app on an
// ephemeral port, against the real database (MONGODB_URI from `npm test`), in a
// database of its own, spoken to over real HTTP with real cookies. The operations
// tests send are typed documents (operations.ts).
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createApp } from '../app';
import { adjustableClock } from '../clock';
import type { App } from '../app';
import { loadConfig } from '../config';
import type { Config } from '../config';
import { connectDatabase } from '../db';
import type { Database } from '../db';
import { createLogger } from '../logger';
import { linkIn, startMailbox } from '../../../scripts/lib/mailbox';
import type { Mailbox } from '../../../scripts/lib/mailbox';
import { LOGIN, REFRESH, REGISTER, REQUEST_PASSWORD_RESET, VERIFY_EMAIL } from './operations';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789abcdef';
export const TEST_REFRESH_SECRET = 'test-refresh-secret-of-its-own-9876543210fedcba';

export interface TestServer {
  url: string;
  config: Config;
  /** The database the app uses; tests reach it through `db.models`. */
  db: Database;
  /** Every JSON log line the server wrote. */
  logs: Array<Record<string, unknown>>;
  /** The app's services, for tests that inject a fault between two steps of an operation. */
  services: App['services'];
  /** The real SMTP listener the server mails to (its own, unless SMTP_URL was given). */
  mailbox: Mailbox;
  /** Moves the server's clock forward (expiry, lifetimes, TOTP steps) instead of sleeping. */
  advance(ms: number): void;
  /** The server's time (the system time plus every `advance`). */
  now(): Date;
  /**
   * Follows the verification link mailed to `email` at registration, as its owner would: passkeys
   * and TOTP need a confirmed address (EMAIL_NOT_VERIFIED), and notices go to confirmed addresses only.
   */
  confirmEmail(email: string): Promise<void>;
  /** Asks for a password reset of `email`, as anyone may, and returns the token of the link mailed for it. */
  resetToken(email: string): Promise<string>;
  client(options?: { ip?: string; userAgent?: string }): TestClient;
  close(): Promise<void>;
}

export function testDatabaseUri(name = `t_${randomBytes(6).toString('hex')}`): string {
  const base = process.env.MONGODB_URI;
  if (!base) throw new Error('MONGODB_URI is not set: run tests with `npm test`, which starts the database');
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    MONGODB_URI: testDatabaseUri(),
    JWT_ACCESS_SECRET: TEST_SECRET,
    REFRESH_TOKEN_SECRET: TEST_REFRESH_SECRET,
    COOKIE_SECURE: 'false',
    BCRYPT_COST: '4',
    LOG_LEVEL: 'info',
    REGISTER_MAX_PER_IP: '10000',
    TRUST_PROXY: 'loopback',
    APP_URL: 'http://localhost:3000',
    MFA_ENCRYPTION_KEY: 'test-mfa-encryption-key-of-its-own-0123456789',
    KEY_ENCRYPTION_KEY: 'test-key-encryption-key-of-its-own-0123456789',
    // The suite runs under ES256 (the default) and again under HS256 (jest.config.cjs, server-hs256).
    ACCESS_TOKEN_ALG: process.env.TEST_ACCESS_TOKEN_ALG ?? 'ES256',
    ...overrides,
  };
}

export async function startTestServer(overrides: Record<string, string> = {}): Promise<TestServer> {
  const mailbox = await startMailbox();
  const config = loadConfig(testEnv({ SMTP_URL: mailbox.url, ...overrides }));
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const clock = adjustableClock();
  const db = await connectDatabase(config, logger, clock);
  const app = await createApp({ config, db, logger, clock });
  await new Promise<void>((resolve) => app.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    config,
    db,
    logs,
    services: app.services,
    mailbox,
    advance: (ms) => clock.advance(ms),
    now: () => clock.now(),
    async confirmEmail(email) {
      const mail = await mailbox.waitFor((m) => m.to.includes(email) && m.subject === 'Confirm your email address');
      const { token } = linkIn(mail, `${config.appUrl}/verify-email?token=`);
      const res = await new TestClient(url).gql(VERIFY_EMAIL, { input: { token } });
      if (res.data?.verifyEmail !== true) throw new Error(`verifyEmail failed: ${JSON.stringify(res.errors)}`);
    },
    async resetToken(email) {
      const after = mailbox.received.length;
      await new TestClient(url).gql(REQUEST_PASSWORD_RESET, { input: { email } });
      const mail = await mailbox.waitFor(
        (m) => m.to.includes(email) && m.subject === 'Reset your password' && mailbox.received.indexOf(m) >= after,
      );
      return linkIn(mail, `${config.appUrl}/reset-password?token=`).token;
    },
    client: (options) => new TestClient(url, options),
    async close() {
      await app.stop();
      await mailbox.close();
      await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
    },
  };
}

/**
 * One server for the enclosing `describe`, started before its tests and closed after them.
 * Returns a getter: the server exists only once `beforeAll` has run.
 */
export function useTestServer(overrides: Record<string, string> = {}): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(overrides);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('useTestServer: the server is started in beforeAll, so use it inside a test');
    return server;
  };
}

/** A server of its own for one test (a setting no other test wants), closed however the test ends. */
export async function withTestServer<T>(
  overrides: Record<string, string>,
  test: (server: TestServer) => Promise<T>,
): Promise<T> {
  const server = await startTestServer(overrides);
  try {
    return await test(server);
  } finally {
    await server.close();
  }
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  setCookies: string[];
  headers: Headers;
}

interface RequestOptions {
  /** The access token to send; `null` sends none. Defaults to the client's own. */
  token?: string | null;
  /** The refresh token to send as the cookie; `null` sends none. Defaults to the client's own. */
  cookie?: string | null;
  headers?: Record<string, string>;
}

let ipCounter = 0;
/** A distinct documentation-range address per client, so rate limits of one test don't touch another. */
const nextIp = () => `198.51.100.${(ipCounter++ % 250) + 1}`;

/** A browser-like client: keeps the refresh cookie it is given and sends it back to /graphql. */
export class TestClient {
  cookie: string | undefined;
  accessToken: string | undefined;
  readonly ip: string;
  readonly userAgent: string;

  constructor(
    readonly url: string,
    options: { ip?: string; userAgent?: string } = {},
  ) {
    this.ip = options.ip ?? nextIp();
    this.userAgent = options.userAgent ?? 'jest-test-client';
  }

  /**
   * POSTs one operation. A typed document gives a typed result; a string is for documents the
   * schema refuses (abuse, typos) or variables no typed client would send (`print(REGISTER)`).
   */
  gql<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables?: TVariables,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<TResult>>;
  gql(document: string, variables?: unknown, options?: RequestOptions): Promise<GraphQLResponse>;
  async gql(
    document: TypedDocumentNode<unknown, unknown> | string,
    variables?: unknown,
    options: RequestOptions = {},
  ): Promise<GraphQLResponse<unknown>> {
    const token = options.token === undefined ? this.accessToken : options.token;
    const cookie = options.cookie === undefined ? this.cookie : options.cookie;
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': this.userAgent,
        'x-forwarded-for': this.ip,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(cookie ? { cookie: `refresh_token=${cookie}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
    });
    const setCookies = response.headers.getSetCookie();
    for (const header of setCookies) {
      const match = /^refresh_token=([^;]*)/.exec(header);
      if (match) this.cookie = match[1] === '' ? undefined : match[1];
    }
    const body = (await response.json()) as Omit<GraphQLResponse<unknown>, 'status' | 'setCookies' | 'headers'>;
    return { status: response.status, ...body, setCookies, headers: response.headers };
  }

  async register(email = uniqueEmail(), password = 'correct horse battery', name: string | null = 'Test User') {
    const res = await this.gql(REGISTER, { input: { email, password, name } });
    if (!res.data?.register) throw new Error(`register failed: ${JSON.stringify(res.errors)}`);
    this.accessToken = res.data.register.accessToken;
    return { ...res.data.register, email, password };
  }

  async login(email: string, password: string) {
    const res = await this.gql(LOGIN, { input: { email, password } });
    if (res.data?.login) this.accessToken = res.data.login.accessToken;
    return res;
  }

  async refresh() {
    const res = await this.gql(REFRESH, undefined, { token: null });
    if (res.data?.refreshToken) this.accessToken = res.data.refreshToken.accessToken;
    return res;
  }
}

/** One account signed in on two devices, a laptop (which registered) and a phone. */
export async function signedInOnTwoDevices(server: TestServer) {
  const laptop = server.client({ userAgent: 'laptop' });
  const { email, password } = await laptop.register();
  const phone = server.client({ userAgent: 'phone' });
  await phone.login(email, password);
  return { laptop, phone, email, password };
}

let emailCounter = 0;
export const uniqueEmail = () => `user${Date.now().toString(36)}${emailCounter++}@example.com`;

export const errorCode = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  res.errors?.[0]?.extensions?.code;

/** The refresh token a response set, or undefined when it set none. */
export const setRefreshToken = (res: { setCookies: string[] }) =>
  res.setCookies.map((cookie) => /^refresh_token=([^;]+)/.exec(cookie)?.[1]).find(Boolean);

/** How the API stores a refresh token: its SHA-256, base64url (sessions/refreshToken.ts). */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
