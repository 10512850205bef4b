// The only reader of process.env. Parsed and validated once at start; every
// problem is reported together, naming the variable and how to fix it.
import ms from 'ms';

export type SameSite = 'strict' | 'lax' | 'none';

export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  readonly mongodbUri: string;
  readonly jwt: {
    readonly accessSecret: string;
    readonly issuer: string;
    readonly audience: string;
    readonly accessTtlMs: number;
  };
  readonly refresh: {
    /** Key of the HMAC that derives a refresh token's successor. */
    readonly successorSecret: string;
    readonly idleTtlMs: number;
    readonly absoluteTtlMs: number;
    readonly reuseIntervalMs: number;
  };
  readonly cookie: {
    readonly name: string;
    readonly secure: boolean;
    readonly sameSite: SameSite;
    readonly path: string;
  };
  readonly bcryptCost: number;
  readonly rateLimits: {
    readonly loginWindowMs: number;
    readonly loginMaxFailures: number;
    readonly loginMaxFailuresPerAccount: number;
    readonly loginMaxFailuresPerIp: number;
    readonly registerWindowMs: number;
    readonly registerMaxPerIp: number;
  };
  readonly graphql: {
    readonly introspection: boolean;
    readonly landingPage: boolean;
    readonly allowBatching: boolean;
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxCost: number;
    readonly maxTokens: number;
  };
  readonly http: {
    readonly bodyLimit: string;
    readonly corsOrigins: readonly string[];
    /** Express's "trust proxy": a hop count, or addresses/subnets/names such as loopback. */
    readonly trustProxy: number | string | false;
    readonly requestTimeoutMs: number;
    readonly shutdownTimeoutMs: number;
  };
  readonly db: {
    readonly operationTimeoutMs: number;
  };
  /** How long another instance may keep trusting a session it saw as live (ASVS 3.3: revocation within seconds). */
  readonly sessionCacheTtlMs: number;
  readonly purgeIntervalMs: number;
  readonly logLevel: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}=${raw} must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  /** Durations like `15m`, `3s`, `7d`, or plain milliseconds. */
  duration(name: string, fallback: string, { allowZero = false } = {}): number {
    const raw = this.string(name, fallback);
    const value = /^\d+$/.test(raw) ? Number(raw) : (ms as (v: string) => number | undefined)(raw);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
      this.problems.push(`${name}=${raw} must be a duration such as 3s, 15m, 7d${allowZero ? ' or 0' : ''}`);
      return ms(fallback as ms.StringValue);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name}=${raw} must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.string(name, fallback).toLowerCase();
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}=${raw} must be one of ${allowed.join(', ')}`);
    return fallback;
  }
}

const DEV_SECRET = 'dev-only-insecure-secret-change-me-0123456789';

export function loadConfig(env: Env = process.env): Config {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', 'development', ['development', 'production', 'test'] as const);
  const isProduction = nodeEnv === 'production';

  const accessSecret = r.string('JWT_ACCESS_SECRET', isProduction ? '' : DEV_SECRET);
  if (Buffer.byteLength(accessSecret) < 32) {
    r.problems.push(
      'JWT_ACCESS_SECRET must be at least 32 bytes (ASVS 6.2: a key of full strength). ' +
        "Generate one with: node -e \"console.log(require('crypto').randomBytes(48).toString('base64'))\"",
    );
  }
  const mongodbUri = r.string('MONGODB_URI', '');
  if (mongodbUri === '')
    r.problems.push('MONGODB_URI is required (npm run dev / npm run api start a database for you)');
  else if (!/^mongodb(\+srv)?:\/\//.test(mongodbUri))
    r.problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');

  const sameSite = r.oneOf('COOKIE_SAMESITE', 'strict', ['strict', 'lax', 'none'] as const);
  const secure = r.bool('COOKIE_SECURE', true);
  if (sameSite === 'none' && !secure)
    r.problems.push('COOKIE_SAMESITE=none requires COOKIE_SECURE=true (browsers reject it otherwise)');

  const idleTtlMs = r.duration('REFRESH_IDLE_TTL', '7d');
  const absoluteTtlMs = r.duration('REFRESH_ABSOLUTE_TTL', '30d');
  if (idleTtlMs > absoluteTtlMs) r.problems.push('REFRESH_IDLE_TTL must not be longer than REFRESH_ABSOLUTE_TTL');

  const trustProxyRaw = r.string('TRUST_PROXY', '');
  // Trusting every proxy would let any client pick its own IP (X-Forwarded-For) and escape per-IP limits.
  if (trustProxyRaw.toLowerCase() === 'true')
    r.problems.push('TRUST_PROXY=true would trust any X-Forwarded-For; give a hop count (1) or the proxies (loopback)');
  const config: Config = {
    nodeEnv,
    isProduction,
    port: r.int('PORT', 4000, 0, 65535),
    host: r.string('HOST', isProduction ? '0.0.0.0' : '127.0.0.1'),
    mongodbUri,
    jwt: {
      accessSecret,
      issuer: r.string('JWT_ISSUER', 'graphql-session-auth'),
      audience: r.string('JWT_AUDIENCE', 'graphql-session-auth-api'),
      accessTtlMs: r.duration('ACCESS_TOKEN_TTL', '15m'),
    },
    refresh: {
      successorSecret: r.string('REFRESH_TOKEN_SECRET', accessSecret),
      idleTtlMs,
      absoluteTtlMs,
      reuseIntervalMs: r.duration('REFRESH_REUSE_INTERVAL', '10s', { allowZero: true }),
    },
    cookie: {
      name: r.string('COOKIE_NAME', 'refresh_token'),
      secure,
      sameSite,
      path: '/graphql',
    },
    bcryptCost: r.int('BCRYPT_COST', 12, 4, 15),
    rateLimits: {
      loginWindowMs: r.duration('LOGIN_WINDOW', '15m'),
      loginMaxFailures: r.int('LOGIN_MAX_FAILURES', 5, 1, 1_000_000),
      loginMaxFailuresPerAccount: r.int('LOGIN_MAX_FAILURES_ACCOUNT', 20, 1, 1_000_000),
      loginMaxFailuresPerIp: r.int('LOGIN_MAX_FAILURES_IP', 50, 1, 1_000_000),
      registerWindowMs: r.duration('REGISTER_WINDOW', '1h'),
      registerMaxPerIp: r.int('REGISTER_MAX_PER_IP', 20, 1, 1_000_000),
    },
    graphql: {
      introspection: r.bool('GRAPHQL_INTROSPECTION', !isProduction),
      landingPage: r.bool('GRAPHQL_LANDING_PAGE', !isProduction),
      allowBatching: r.bool('GRAPHQL_ALLOW_BATCHING', false),
      maxDepth: r.int('GRAPHQL_MAX_DEPTH', 8, 2, 100),
      maxAliases: r.int('GRAPHQL_MAX_ALIASES', 15, 1, 1000),
      maxCost: r.int('GRAPHQL_MAX_COST', 5000, 10, 1_000_000),
      maxTokens: r.int('GRAPHQL_MAX_TOKENS', 2000, 100, 1_000_000),
    },
    http: {
      bodyLimit: r.string('BODY_LIMIT', '100kb'),
      corsOrigins: r
        .string(
          'CORS_ORIGINS',
          isProduction
            ? ''
            : 'http://localhost:3000,http://127.0.0.1:3000,https://studio.apollographql.com,https://sandbox.embed.apollographql.com',
        )
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      // Express reads the string "1" as the address 0.0.0.1: a hop count must be a number.
      trustProxy:
        trustProxyRaw === '' || trustProxyRaw === 'false'
          ? false
          : /^\d+$/.test(trustProxyRaw)
            ? Number(trustProxyRaw)
            : trustProxyRaw,
      requestTimeoutMs: r.duration('REQUEST_TIMEOUT', '15s'),
      shutdownTimeoutMs: r.duration('SHUTDOWN_TIMEOUT', '10s'),
    },
    db: { operationTimeoutMs: r.duration('DB_OPERATION_TIMEOUT', '5s') },
    sessionCacheTtlMs: r.duration('SESSION_CACHE_TTL', '2s', { allowZero: true }),
    purgeIntervalMs: r.duration('PURGE_INTERVAL', '10m'),
    logLevel: r.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  };
  if (config.sessionCacheTtlMs > 5000)
    r.problems.push('SESSION_CACHE_TTL must be at most 5s (revocation must reach every instance within 5 seconds)');
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  for (const inner of Object.values(value as object)) {
    if (inner && typeof inner === 'object') deepFreeze(inner);
  }
  return Object.freeze(value);
}
