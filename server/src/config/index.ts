// The only reader of process.env. Parsed and validated once at start; every
// problem is reported together, naming the variable and how to fix it.
import { Reader } from './reader';
import type { Env } from './reader';
import type { Config } from './types';
import {
  DEV_SECRET,
  isLoopbackHost,
  readAppUrl,
  readCookie,
  readEmailTokens,
  readGraphql,
  readHttp,
  readJwt,
  readLogs,
  readMail,
  readMfa,
  readWebauthn,
  readMongodbUri,
  readPasswordBreachCheck,
  readRateLimits,
  readRefresh,
  readSigningKeys,
} from './sections';

export type { Config, SameSite } from './types';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Env = process.env): Config {
  const r = new Reader(env);
  // Unset means production: a forgotten NODE_ENV fails closed (no default secret, no stack traces).
  const nodeEnv = r.oneOf('NODE_ENV', 'production', ['development', 'production', 'test'] as const);
  const isProduction = nodeEnv === 'production';
  const jwt = readJwt(r, isProduction);
  const mail = readMail(r, isProduction);
  const appUrl = readAppUrl(r, isProduction);
  const mfa = readMfa(r, isProduction, jwt.accessSecret);
  const refresh = readRefresh(r, isProduction, jwt.accessSecret);
  const signingKeys = readSigningKeys(r, isProduction, jwt, {
    JWT_ACCESS_SECRET: jwt.accessSecret,
    REFRESH_TOKEN_SECRET: refresh.successorSecret,
    MFA_ENCRYPTION_KEY: r.string('MFA_ENCRYPTION_KEY', ''),
  });
  const config: Config = {
    nodeEnv,
    isProduction,
    port: r.int('PORT', 4000, 0, 65535),
    host: r.string('HOST', isProduction ? '0.0.0.0' : '127.0.0.1'),
    mongodbUri: readMongodbUri(r),
    jwt,
    refresh,
    signingKeys,
    cookie: readCookie(r),
    bcryptCost: r.int('BCRYPT_COST', 12, 4, 15),
    bcryptMaxConcurrency: r.int('BCRYPT_MAX_CONCURRENCY', 4, 1, 1024),
    bcryptMaxQueue: r.int('BCRYPT_MAX_QUEUE', 32, 0, 100_000),
    bcryptMaxQueuePerAccount: r.int('BCRYPT_MAX_QUEUE_PER_ACCOUNT', 8, 0, 100_000),
    passwordBreachCheck: readPasswordBreachCheck(r),
    maxSessionsPerUser: r.int('MAX_SESSIONS_PER_USER', 50, 1, 100_000),
    rateLimits: readRateLimits(r),
    mail,
    appUrl,
    emailTokens: readEmailTokens(r),
    mfa,
    webauthn: readWebauthn(r, appUrl, mfa.issuer),
    graphql: readGraphql(r, isProduction),
    http: readHttp(r, isProduction),
    db: { operationTimeoutMs: r.duration('DB_OPERATION_TIMEOUT', '5s') },
    sessionCacheTtlMs: r.duration('SESSION_CACHE_TTL', '2s', { allowZero: true }),
    securityEventRetentionMs: r.duration('SECURITY_EVENT_RETENTION', '90d'),
    purgeIntervalMs: r.duration('PURGE_INTERVAL', '10m'),
    logLevel: r.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    // Under ES256 production may have no JWT_ACCESS_SECRET: the log key then derives from the refresh one.
    logs: readLogs(r, jwt.accessSecret || refresh.successorSecret),
  };
  // Development's default secret is in this repository: anyone who can reach the API could mint
  // tokens with it (CWE-798, hard-coded credentials), so it is for a server only this machine can reach.
  if (!isProduction && !isLoopbackHost(config.host)) {
    const published = { JWT_ACCESS_SECRET: jwt.accessSecret, REFRESH_TOKEN_SECRET: config.refresh.successorSecret };
    const named = Object.entries(published).find(([, secret]) => secret === DEV_SECRET)?.[0];
    r.require(
      named === undefined,
      `${named} is the published development secret and HOST=${config.host} is reachable from other machines: set HOST=127.0.0.1, or give ${named} a secret of your own`,
    );
  }
  r.require(
    config.sessionCacheTtlMs <= 5000,
    'SESSION_CACHE_TTL must be at most 5s (revocation must reach every instance within 5 seconds)',
  );
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  for (const inner of Object.values(value as object)) {
    // A key (Buffer) cannot be frozen; nothing hands it out for writing.
    if (inner && typeof inner === 'object' && !ArrayBuffer.isView(inner)) deepFreeze(inner);
  }
  return Object.freeze(value);
}
