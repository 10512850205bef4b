// One reader per section of the config. Each reads its variables, checks the
// rules within the section, and returns the section; rules that span sections
// are in index.ts.
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Config } from './types';
import type { Reader } from './reader';

/** The development default, published in this repository: refused in production and off loopback. */
export const DEV_SECRET = 'dev-only-insecure-secret-change-me-0123456789';
const GENERATE = "Generate one with: node -e \"console.log(require('crypto').randomBytes(48).toString('base64'))\"";
/** Fewer distinct characters than this is a typed phrase or a pattern, not a generated key. */
const MIN_DISTINCT_CHARACTERS = 12;

/**
 * A key of full strength (ASVS 5.0 V11.2, NIST SP 800-63B §5.2.7: 256 bits): at least 32 bytes.
 * Production has no default, refuses the published development secret and obviously low-entropy values.
 */
function readSecret(
  r: Reader,
  name: string,
  isProduction: boolean,
  fallback: string,
  { optional = false } = {},
): string {
  const secret = r.string(name, isProduction ? '' : fallback);
  if (optional && secret === '') return secret;
  if (Buffer.byteLength(secret) < 32) {
    r.require(false, `${name} must be at least 32 bytes (a key of full strength). ${GENERATE}`);
  } else if (isProduction) {
    r.require(secret !== DEV_SECRET, `${name} is the published development secret. ${GENERATE}`);
    r.require(
      new Set(secret).size >= MIN_DISTINCT_CHARACTERS,
      `${name} has fewer than ${MIN_DISTINCT_CHARACTERS} distinct characters: not a random key. ${GENERATE}`,
    );
  }
  return secret;
}

/** Whether HOST is reachable only from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

const DEV_CORS_ORIGINS =
  'http://localhost:3000,http://127.0.0.1:3000,https://studio.apollographql.com,https://sandbox.embed.apollographql.com';

export function readJwt(r: Reader, isProduction: boolean): Config['jwt'] {
  const alg = r.oneOf('ACCESS_TOKEN_ALG', 'es256', ['es256', 'hs256'] as const) === 'hs256' ? 'HS256' : 'ES256';
  // Under ES256 the secret signs nothing: production may leave it unset (other keys then derive
  // from REFRESH_TOKEN_SECRET, see loadConfig); development keeps its default for those derivations.
  const accessSecret = readSecret(r, 'JWT_ACCESS_SECRET', isProduction, DEV_SECRET, { optional: alg === 'ES256' });
  return {
    alg,
    accessSecret,
    issuer: r.string('JWT_ISSUER', 'graphql-session-auth'),
    audience: r.string('JWT_AUDIENCE', 'graphql-session-auth-api'),
    accessTtlMs: r.duration('ACCESS_TOKEN_TTL', '15m'),
  };
}

/**
 * Signing keys of ES256 access tokens (signingKeys/). Their private halves are sealed at rest under
 * KEY_ENCRYPTION_KEY (ASVS 5.0 V11.3): its own key in production, derived in development.
 */
export function readSigningKeys(
  r: Reader,
  isProduction: boolean,
  jwt: Config['jwt'],
  others: Record<string, string>,
): Config['signingKeys'] {
  const publishAheadMs = r.duration('JWKS_PUBLISH_AHEAD', '1h', { allowZero: true });
  const lifetimeMs = r.duration('SIGNING_KEY_LIFETIME', '30d', { allowZero: true });
  if (jwt.alg === 'HS256') return { encryptionKey: null, publishAheadMs, lifetimeMs };
  const derived = createHash('sha256').update(`signing-key-encryption-v1|${jwt.accessSecret}`).digest('base64');
  const key = readSecret(r, 'KEY_ENCRYPTION_KEY', isProduction, derived);
  if (isProduction && key !== '') {
    for (const [name, secret] of Object.entries(others))
      r.require(key !== secret, `KEY_ENCRYPTION_KEY must differ from ${name}: each key is changed on its own`);
  }
  // A key used before it can be published would sign tokens no cached JWKS knows yet.
  r.require(
    lifetimeMs === 0 || lifetimeMs >= Math.max(publishAheadMs, jwt.accessTtlMs),
    'SIGNING_KEY_LIFETIME must be 0 (never rotate by itself) or at least JWKS_PUBLISH_AHEAD and ACCESS_TOKEN_TTL',
  );
  // Any string of 32+ bytes names one AES-256 key: its SHA-256.
  return { encryptionKey: createHash('sha256').update(key).digest(), publishAheadMs, lifetimeMs };
}

export function readMongodbUri(r: Reader): string {
  const uri = r.string('MONGODB_URI', '');
  if (uri === '') r.require(false, 'MONGODB_URI is required (npm run dev / npm run api start a database for you)');
  else r.require(/^mongodb(\+srv)?:\/\//.test(uri), 'MONGODB_URI must start with mongodb:// or mongodb+srv://');
  return uri;
}

export function readRefresh(r: Reader, isProduction: boolean, accessSecret: string): Config['refresh'] {
  const idleTtlMs = r.duration('REFRESH_IDLE_TTL', '7d');
  const absoluteTtlMs = r.duration('REFRESH_ABSOLUTE_TTL', '30d');
  r.require(idleTtlMs <= absoluteTtlMs, 'REFRESH_IDLE_TTL must not be longer than REFRESH_ABSOLUTE_TTL');
  // Its own key in production: after an incident each secret is changed on its own (rotation.ts).
  const successorSecret = readSecret(r, 'REFRESH_TOKEN_SECRET', isProduction, accessSecret);
  if (isProduction && successorSecret !== '') {
    r.require(successorSecret !== accessSecret, 'REFRESH_TOKEN_SECRET must differ from JWT_ACCESS_SECRET');
  }
  // After a change, the old secret still recognises replays of tokens it derived (rotation.ts).
  const previous = r.string('REFRESH_TOKEN_SECRET_PREVIOUS', '');
  if (previous !== '') {
    r.require(Buffer.byteLength(previous) >= 32, 'REFRESH_TOKEN_SECRET_PREVIOUS must be at least 32 bytes');
    r.require(previous !== successorSecret, 'REFRESH_TOKEN_SECRET_PREVIOUS must differ from REFRESH_TOKEN_SECRET');
  }
  return {
    successorSecret,
    previousSuccessorSecret: previous === '' ? null : previous,
    idleTtlMs,
    absoluteTtlMs,
    reuseIntervalMs: r.duration('REFRESH_REUSE_INTERVAL', '10s', { allowZero: true }),
  };
}

export function readCookie(r: Reader): Config['cookie'] {
  const sameSite = r.oneOf('COOKIE_SAMESITE', 'strict', ['strict', 'lax', 'none'] as const);
  const secure = r.bool('COOKIE_SECURE', true);
  r.require(
    sameSite !== 'none' || secure,
    'COOKIE_SAMESITE=none requires COOKIE_SECURE=true (browsers reject it otherwise)',
  );
  // A Secure cookie is named `__Secure-…`: browsers then refuse it from any non-HTTPS origin.
  const named = (base: string) => (secure && !base.startsWith('__') ? `__Secure-${base}` : base);
  return {
    name: named(r.string('COOKIE_NAME', 'refresh_token')),
    deviceName: named('device'),
    pendingLoginName: named('mfa_pending'),
    passkeyLoginName: named('passkey_login'),
    secure,
    sameSite,
    path: '/graphql',
  };
}

export function readRateLimits(r: Reader): Config['rateLimits'] {
  return {
    loginWindowMs: r.duration('LOGIN_WINDOW', '15m'),
    loginMaxFailures: r.int('LOGIN_MAX_FAILURES', 5, 1, 1_000_000),
    loginMaxFailuresPerAccount: r.int('LOGIN_MAX_FAILURES_ACCOUNT', 20, 1, 1_000_000),
    loginMaxFailuresPerIp: r.int('LOGIN_MAX_FAILURES_IP', 50, 1, 1_000_000),
    loginMaxFailuresPerDevice: r.int('LOGIN_MAX_FAILURES_DEVICE', 10, 1, 1_000_000),
    loginMaxAttemptsPerAccount: r.int('LOGIN_MAX_ATTEMPTS_ACCOUNT', 30, 1, 1_000_000),
    loginMaxAttemptsPerIp: r.int('LOGIN_MAX_ATTEMPTS_IP', 300, 1, 1_000_000),
    passwordChangeWindowMs: r.duration('PASSWORD_CHANGE_WINDOW', '1h'),
    passwordChangeMax: r.int('PASSWORD_CHANGE_MAX', 5, 1, 1_000_000),
    passwordConfirmMax: r.int('PASSWORD_CONFIRM_MAX', 10, 1, 1_000_000),
    refreshWindowMs: r.duration('REFRESH_WINDOW', '1h'),
    refreshMaxPerSession: r.int('REFRESH_MAX_PER_SESSION', 120, 1, 1_000_000),
    registerWindowMs: r.duration('REGISTER_WINDOW', '1h'),
    registerMaxPerIp: r.int('REGISTER_MAX_PER_IP', 20, 1, 1_000_000),
    passwordResetWindowMs: r.duration('PASSWORD_RESET_WINDOW', '1h'),
    passwordResetMaxPerEmail: r.int('PASSWORD_RESET_MAX_PER_EMAIL', 3, 1, 1_000_000),
    passwordResetMaxPerIp: r.int('PASSWORD_RESET_MAX_PER_IP', 20, 1, 1_000_000),
    verificationEmailWindowMs: r.duration('VERIFICATION_EMAIL_WINDOW', '1h'),
    verificationEmailMax: r.int('VERIFICATION_EMAIL_MAX', 3, 1, 1_000_000),
  };
}

export function readMail(r: Reader, isProduction: boolean): Config['mail'] {
  const smtpUrl = r.string('SMTP_URL', '');
  if (smtpUrl === '') {
    r.require(
      !isProduction,
      'SMTP_URL is required in production (smtp://user:pass@host:587): password reset and verification mail go through it',
    );
  } else {
    r.require(
      /^smtps?:\/\/[^/]/.test(smtpUrl),
      'SMTP_URL must look like smtp://host:port or smtps://user:pass@host:465',
    );
  }
  return {
    smtpUrl: smtpUrl === '' ? null : smtpUrl,
    from: r.string('MAIL_FROM', 'no-reply@localhost'),
    retryDelayMs: r.duration('MAIL_RETRY_DELAY', '2s'),
    // Enough for a normal hour of an account; beyond it a notice is noise or someone's flood.
    maxPerRecipient: r.int('MAIL_MAX_PER_RECIPIENT', 10, 1, 1_000_000),
    queueMax: r.int('MAIL_QUEUE_MAX', 1000, 1, 1_000_000),
  };
}

/** An origin (scheme, host, optional port), with no path: links append their own. */
export function readAppUrl(r: Reader, isProduction: boolean): string {
  const raw = r.string('APP_URL', isProduction ? '' : 'http://localhost:3000');
  if (raw === '') {
    r.require(
      false,
      "APP_URL is required in production (the web app's origin, such as https://app.example.com): emailed links point there",
    );
    return raw;
  }
  const url = URL.canParse(raw) ? new URL(raw) : null;
  const isOrigin =
    url !== null && /^https?:$/.test(url.protocol) && url.pathname === '/' && url.search === '' && url.hash === '';
  r.require(isOrigin, `APP_URL=${raw} must be an origin such as https://app.example.com (http or https, no path)`);
  return isOrigin && url ? url.origin : raw;
}

export function readMfa(r: Reader, isProduction: boolean, accessSecret: string): Config['mfa'] {
  // Development derives a key of its own from the access secret; production has its own key,
  // so that a leaked JWT key does not also decrypt every TOTP secret.
  const derived = createHash('sha256').update(`mfa-encryption-v1|${accessSecret}`).digest('base64');
  const key = readSecret(r, 'MFA_ENCRYPTION_KEY', isProduction, derived);
  if (isProduction && key !== '')
    r.require(key !== accessSecret, 'MFA_ENCRYPTION_KEY must differ from JWT_ACCESS_SECRET');
  return {
    // Any string of 32+ bytes names one AES-256 key: its SHA-256.
    encryptionKey: createHash('sha256').update(key).digest(),
    issuer: r.string('MFA_ISSUER', 'GraphQL Session Auth'),
    maxFailuresPerAccount: r.int('MFA_MAX_FAILURES_ACCOUNT', 20, 1, 1_000_000),
    // NIST SP 800-63B §5.2.2: at most 100 consecutive failed attempts on a single account.
    maxConsecutiveFailures: r.int('MFA_MAX_CONSECUTIVE_FAILURES', 10, 1, 100),
  };
}

/**
 * The relying party of passkeys. Behind a proxy the browser's origin (the public https:// URL)
 * is what counts, never the API's own address: both default to APP_URL, the web app's origin.
 * The RP ID must be that origin's host or a parent domain of it (WebAuthn §5.1.3 rp.id).
 */
export function readWebauthn(r: Reader, appUrl: string, rpName: string): Config['webauthn'] {
  const rpIdSet = r.string('WEBAUTHN_RP_ID', '');
  const originSet = r.string('WEBAUTHN_ORIGIN', '');
  const app = URL.canParse(appUrl) ? new URL(appUrl) : null;
  // Derived from a missing or malformed APP_URL: that problem is reported once, by readAppUrl.
  if ((!app || app.origin !== appUrl) && rpIdSet === '' && originSet === '') return { rpId: null, origins: [], rpName };
  // An app served from an IP address (an internal deployment, a benchmark) cannot have passkeys:
  // they are off, not a reason to refuse to start. An RP ID set to an IP is a mistake, and refused.
  if (rpIdSet === '' && originSet === '' && app && isIP(app.hostname.replace(/^\[|\]$/g, '')) !== 0)
    return { rpId: null, origins: [], rpName };
  const rpId = (rpIdSet || (app?.hostname ?? '')).toLowerCase();
  const origins = (originSet || appUrl)
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  const rpIdValid = rpId !== '' && isIP(rpId) === 0 && /^[a-z0-9.-]+$/.test(rpId);
  r.require(
    rpIdValid,
    `WEBAUTHN_RP_ID=${rpId} must be a domain such as example.com, not an IP address (browsers refuse passkeys on IP addresses)`,
  );
  for (const origin of origins) {
    const url = URL.canParse(origin) ? new URL(origin) : null;
    const ok = url !== null && /^https?:$/.test(url.protocol) && url.origin === origin;
    r.require(
      ok,
      `WEBAUTHN_ORIGIN=${origin} must be an origin such as https://app.example.com (no path, no trailing slash)`,
    );
    if (ok && url && rpIdValid)
      r.require(
        url.hostname === rpId || url.hostname.endsWith(`.${rpId}`),
        `WEBAUTHN_ORIGIN=${origin} is not on WEBAUTHN_RP_ID=${rpId}: browsers refuse passkeys for it`,
      );
  }
  r.require(origins.length > 0, 'WEBAUTHN_ORIGIN must name at least one origin');
  return { rpId, origins, rpName };
}

/** At most this long: a new password waits for the answer, and every sign-up with it. */
const BREACH_CHECK_MAX_TIMEOUT_MS = 10_000;

/**
 * The breach check of new passwords: off unless PASSWORD_BREACH_CHECK_URL is set, so development
 * and tests contact no outside address. Production may point it at Pwned Passwords
 * (https://api.pwnedpasswords.com/range/, free, no key) or a mirror of it.
 */
export function readPasswordBreachCheck(r: Reader): Config['passwordBreachCheck'] {
  const url = r.string('PASSWORD_BREACH_CHECK_URL', '');
  if (url !== '') {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    r.require(
      parsed !== null && /^https?:$/.test(parsed.protocol) && url.endsWith('/'),
      `PASSWORD_BREACH_CHECK_URL=${url} must be an http(s) URL ending in / (the 5-character hash prefix is appended), such as https://api.pwnedpasswords.com/range/`,
    );
  }
  const timeoutMs = r.duration('PASSWORD_BREACH_CHECK_TIMEOUT', '2s');
  r.require(
    timeoutMs <= BREACH_CHECK_MAX_TIMEOUT_MS,
    `PASSWORD_BREACH_CHECK_TIMEOUT=${r.string('PASSWORD_BREACH_CHECK_TIMEOUT', '2s')} must be at most 10s: every sign-up waits for it`,
  );
  return { url: url === '' ? null : url, timeoutMs: Math.min(timeoutMs, BREACH_CHECK_MAX_TIMEOUT_MS) };
}

export function readEmailTokens(r: Reader): Config['emailTokens'] {
  return {
    // Long enough for slow mail (OWASP Forgot Password cheat sheet: short-lived; an hour is common).
    passwordResetTtlMs: r.duration('PASSWORD_RESET_TTL', '1h'),
    emailVerificationTtlMs: r.duration('EMAIL_VERIFICATION_TTL', '24h'),
  };
}

export function readGraphql(r: Reader, isProduction: boolean): Config['graphql'] {
  return {
    introspection: r.bool('GRAPHQL_INTROSPECTION', !isProduction),
    landingPage: r.bool('GRAPHQL_LANDING_PAGE', !isProduction),
    allowBatching: r.bool('GRAPHQL_ALLOW_BATCHING', false),
    persistedQueries: r.bool('GRAPHQL_PERSISTED_QUERIES', false),
    maxDepth: r.int('GRAPHQL_MAX_DEPTH', 8, 2, 100),
    maxAliases: r.int('GRAPHQL_MAX_ALIASES', 15, 1, 1000),
    maxCost: r.int('GRAPHQL_MAX_COST', 5000, 10, 1_000_000),
    maxTokens: r.int('GRAPHQL_MAX_TOKENS', 2000, 100, 1_000_000),
  };
}

export function readHttp(r: Reader, isProduction: boolean): Config['http'] {
  return {
    bodyLimit: r.string('BODY_LIMIT', '100kb'),
    corsOrigins: r
      .string('CORS_ORIGINS', isProduction ? '' : DEV_CORS_ORIGINS)
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    trustProxy: readTrustProxy(r),
    requestTimeoutMs: r.duration('REQUEST_TIMEOUT', '15s'),
    shutdownTimeoutMs: r.duration('SHUTDOWN_TIMEOUT', '10s'),
  };
}

function readTrustProxy(r: Reader): Config['http']['trustProxy'] {
  const raw = r.string('TRUST_PROXY', '');
  // Trusting every proxy would let any client pick its own IP (X-Forwarded-For) and escape per-IP limits.
  r.require(
    raw.toLowerCase() !== 'true',
    'TRUST_PROXY=true would trust any X-Forwarded-For; give a hop count (1) or the proxies (loopback)',
  );
  if (raw === '' || raw === 'false') return false;
  // Express reads the string "1" as the address 0.0.0.1: a hop count must be a number.
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/**
 * The key of the HMAC that names an email (and, with LOG_HASH_KEY set, a client address) in a
 * log line (ASVS 5.0 V16.2.5). Set, it is a key of full strength that operators hold to look a
 * known address up; unset, emails are hashed under a key derived from the access secret and
 * addresses are logged in clear.
 */
export function readLogs(r: Reader, accessSecret: string): Config['logs'] {
  const key = r.string('LOG_HASH_KEY', '');
  if (key === '') {
    return { hashKey: createHash('sha256').update(`log-pseudonym-v1|${accessSecret}`).digest(), hashAddresses: false };
  }
  r.require(
    Buffer.byteLength(key) >= 32,
    `LOG_HASH_KEY must be at least 32 bytes (a key of full strength). ${GENERATE}`,
  );
  r.require(key !== accessSecret, 'LOG_HASH_KEY must differ from JWT_ACCESS_SECRET: operators hold it');
  return { hashKey: Buffer.from(key), hashAddresses: true };
}
