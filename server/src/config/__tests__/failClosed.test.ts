// guards: defaults fail closed (issue 10 §9, §3). Unset NODE_ENV is production; production
// refuses the published development secret, low-entropy and short secrets, a refresh or MFA
// key that is missing or the access secret again, a missing or malformed SMTP_URL or APP_URL,
// and keeps introspection and the landing page off.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../index';
import { problems } from './problems';

const MONGODB_URI = 'mongodb://127.0.0.1:27017/test';
/** What production needs besides its secrets (issue 12: mail). */
const MAIL = {
  SMTP_URL: 'smtp://mail.example.com:587',
  APP_URL: 'https://app.example.com',
  MFA_ENCRYPTION_KEY: randomBytes(48).toString('base64'),
  KEY_ENCRYPTION_KEY: randomBytes(48).toString('base64'),
};
const strong = () => randomBytes(48).toString('base64');
/** A production environment with two strong, distinct secrets, and `env` on top. */
const production = (env: Record<string, string> = {}) => ({
  MONGODB_URI,
  ...MAIL,
  NODE_ENV: 'production',
  JWT_ACCESS_SECRET: strong(),
  REFRESH_TOKEN_SECRET: strong(),
  ...env,
});

describe('loadConfig in production', () => {
  it('is what an unset NODE_ENV means, and then refuses to start under HS256 without JWT_ACCESS_SECRET', () => {
    const env = { MONGODB_URI, ...MAIL, JWT_ACCESS_SECRET: strong(), REFRESH_TOKEN_SECRET: strong() };
    expect(loadConfig(env).isProduction).toBe(true);
    const hs256 = { MONGODB_URI, ...MAIL, REFRESH_TOKEN_SECRET: strong(), ACCESS_TOKEN_ALG: 'HS256' };
    expect(problems(hs256)).toEqual([expect.stringMatching(/^JWT_ACCESS_SECRET must be at least 32 bytes/)]);
  });

  it('starts with two strong, distinct secrets', () => {
    expect(problems(production())).toEqual([]);
  });

  it.each([
    ['the published development secret', 'dev-only-insecure-secret-change-me-0123456789', /development secret/],
    ['a repeated character', 'x'.repeat(64), /distinct characters/],
    ['a short pattern', 'abcdabcdabcdabcdabcdabcdabcdabcdabcd', /distinct characters/],
    ['31 bytes', 'Ab3$Cd4%Ef5^Gh6&Ij7*Kl8(Mn9)Op0', /at least 32 bytes/],
  ])('refuses %s as JWT_ACCESS_SECRET, naming it', (_what, secret, message) => {
    const found = problems(production({ JWT_ACCESS_SECRET: secret }));
    expect(found).toEqual([expect.stringMatching(message)]);
    expect(found[0]).toMatch(/^JWT_ACCESS_SECRET /);
  });

  it('counts the secret length in bytes, not characters', () => {
    // 16 accented letters are 16 characters but 32 bytes in UTF-8.
    const accented = 'éèêëàâäîïôöùûüçñ';
    expect(problems(production({ JWT_ACCESS_SECRET: accented }))).toEqual([]);
    expect(problems(production({ JWT_ACCESS_SECRET: accented.slice(0, 15) }))).toEqual([
      expect.stringMatching(/^JWT_ACCESS_SECRET must be at least 32 bytes/),
    ]);
  });

  it('requires a REFRESH_TOKEN_SECRET of its own', () => {
    const access = strong();
    const { REFRESH_TOKEN_SECRET: _unset, ...withoutRefresh } = production({ JWT_ACCESS_SECRET: access });
    expect(problems(withoutRefresh)).toEqual([
      expect.stringMatching(/^REFRESH_TOKEN_SECRET must be at least 32 bytes/),
    ]);
    expect(problems(production({ JWT_ACCESS_SECRET: access, REFRESH_TOKEN_SECRET: access }))).toEqual([
      'REFRESH_TOKEN_SECRET must differ from JWT_ACCESS_SECRET',
    ]);
  });

  it('accepts REFRESH_TOKEN_SECRET_PREVIOUS only as a full-strength key other than the current one', () => {
    const refresh = strong();
    expect(problems(production({ REFRESH_TOKEN_SECRET: refresh, REFRESH_TOKEN_SECRET_PREVIOUS: strong() }))).toEqual(
      [],
    );
    expect(problems(production({ REFRESH_TOKEN_SECRET: refresh, REFRESH_TOKEN_SECRET_PREVIOUS: refresh }))).toEqual([
      'REFRESH_TOKEN_SECRET_PREVIOUS must differ from REFRESH_TOKEN_SECRET',
    ]);
    expect(problems(production({ REFRESH_TOKEN_SECRET_PREVIOUS: 'short' }))).toEqual([
      'REFRESH_TOKEN_SECRET_PREVIOUS must be at least 32 bytes',
    ]);
  });

  it('requires an MFA_ENCRYPTION_KEY of its own (32+ bytes), naming it', () => {
    const access = strong();
    const { MFA_ENCRYPTION_KEY: _unset, ...withoutKey } = production({ JWT_ACCESS_SECRET: access });
    expect(problems(withoutKey)).toEqual([expect.stringMatching(/^MFA_ENCRYPTION_KEY must be at least 32 bytes/)]);
    expect(problems(production({ JWT_ACCESS_SECRET: access, MFA_ENCRYPTION_KEY: access }))).toEqual([
      'MFA_ENCRYPTION_KEY must differ from JWT_ACCESS_SECRET',
    ]);
  });

  it('refuses to start without SMTP_URL and APP_URL, naming both', () => {
    const { SMTP_URL: _smtp, APP_URL: _app, ...withoutMail } = production();
    expect(problems(withoutMail)).toEqual([
      expect.stringMatching(/^SMTP_URL is required in production/),
      expect.stringMatching(/^APP_URL is required in production/),
    ]);
  });

  it.each([
    ['a path', 'https://app.example.com/account'],
    ['another scheme', 'javascript://app.example.com'],
    ['no scheme', 'app.example.com'],
  ])('refuses an APP_URL with %s', (_what, appUrl) => {
    expect(problems(production({ APP_URL: appUrl }))).toEqual([expect.stringMatching(/^APP_URL=.* must be an origin/)]);
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    expect(problems(production({ SMTP_URL: 'http://mail.example.com' }))).toEqual([
      expect.stringMatching(/^SMTP_URL must look like/),
    ]);
  });

  it('turns introspection and the landing page off', () => {
    expect(loadConfig(production()).graphql).toMatchObject({ introspection: false, landingPage: false });
  });

  it('turns introspection on only when GRAPHQL_INTROSPECTION=true, and the landing page never', () => {
    expect(loadConfig(production({ GRAPHQL_INTROSPECTION: 'true' })).graphql).toMatchObject({
      introspection: true,
      landingPage: false,
    });
  });
});

describe('loadConfig in development', () => {
  const development = { MONGODB_URI, NODE_ENV: 'development' };

  it('derives the refresh key from the access secret when REFRESH_TOKEN_SECRET is unset', () => {
    const config = loadConfig(development);
    expect(config.refresh.successorSecret).toBe(config.jwt.accessSecret);
  });

  it('keeps introspection and the landing page on', () => {
    expect(loadConfig(development).graphql).toMatchObject({ introspection: true, landingPage: true });
  });

  it.each(['127.0.0.1', '127.0.0.2', '::1', 'localhost'])(
    'serves on loopback (%s) with the development secret',
    (host) => {
      expect(problems({ ...development, HOST: host })).toEqual([]);
    },
  );

  it.each(['0.0.0.0', '::', '192.168.1.20', 'api.example.com'])(
    'refuses the published development secret when bound to %s, a non-loopback address',
    (host) => {
      expect(problems({ ...development, HOST: host })).toEqual([
        expect.stringMatching(/^JWT_ACCESS_SECRET is the published development secret and HOST=.* is reachable/),
      ]);
      expect(problems({ ...development, HOST: host, JWT_ACCESS_SECRET: strong() })).toEqual([]);
    },
  );

  it('refuses the development secret given as REFRESH_TOKEN_SECRET on a non-loopback address', () => {
    const env = { ...development, HOST: '0.0.0.0', JWT_ACCESS_SECRET: strong() };
    expect(problems({ ...env, REFRESH_TOKEN_SECRET: 'dev-only-insecure-secret-change-me-0123456789' })).toEqual([
      expect.stringMatching(/^REFRESH_TOKEN_SECRET is the published development secret/),
    ]);
  });
});

describe('loadConfig of access tokens and signing keys', () => {
  it('signs ES256 by default, and HS256 only when ACCESS_TOKEN_ALG says so (in any case)', () => {
    expect(loadConfig(production()).jwt.alg).toBe('ES256');
    expect(loadConfig(production({ ACCESS_TOKEN_ALG: 'hs256' })).jwt.alg).toBe('HS256');
    expect(problems(production({ ACCESS_TOKEN_ALG: 'RS256' }))).toEqual([
      expect.stringMatching(/^ACCESS_TOKEN_ALG=rs256 must be one of es256, hs256/),
    ]);
  });

  it('needs no JWT_ACCESS_SECRET in production under ES256, but checks one that is given', () => {
    const { JWT_ACCESS_SECRET: _unset, ...withoutAccess } = production();
    expect(problems(withoutAccess)).toEqual([]);
    expect(problems(production({ JWT_ACCESS_SECRET: 'x'.repeat(64) }))).toEqual([
      expect.stringMatching(/^JWT_ACCESS_SECRET has fewer than 12 distinct characters/),
    ]);
  });

  it('hashes log pseudonyms under a key derived from REFRESH_TOKEN_SECRET when there is no JWT_ACCESS_SECRET', () => {
    const { JWT_ACCESS_SECRET: _unset, ...withoutAccess } = production();
    const a = loadConfig(withoutAccess).logs.hashKey;
    const b = loadConfig({ ...withoutAccess, REFRESH_TOKEN_SECRET: strong() }).logs.hashKey;
    expect(a.equals(b)).toBe(false);
  });

  it('requires a KEY_ENCRYPTION_KEY of its own (32+ bytes) in production under ES256, and none under HS256', () => {
    const { KEY_ENCRYPTION_KEY: _unset, ...withoutKey } = production();
    expect(problems(withoutKey)).toEqual([expect.stringMatching(/^KEY_ENCRYPTION_KEY must be at least 32 bytes/)]);
    expect(problems({ ...withoutKey, ACCESS_TOKEN_ALG: 'HS256' })).toEqual([]);
    expect(loadConfig({ ...withoutKey, ACCESS_TOKEN_ALG: 'HS256' }).signingKeys.encryptionKey).toBeNull();
    const shared = strong();
    for (const other of ['JWT_ACCESS_SECRET', 'REFRESH_TOKEN_SECRET', 'MFA_ENCRYPTION_KEY']) {
      expect(problems(production({ [other]: shared, KEY_ENCRYPTION_KEY: shared }))).toContain(
        `KEY_ENCRYPTION_KEY must differ from ${other}: each key is changed on its own`,
      );
    }
  });

  it('derives a key encryption key in development', () => {
    const config = loadConfig({ MONGODB_URI, NODE_ENV: 'development' });
    expect(config.signingKeys.encryptionKey).toHaveLength(32);
  });

  it('publishes a key an hour before it signs and rotates every 30 days unless told otherwise', () => {
    expect(loadConfig(production()).signingKeys).toMatchObject({
      publishAheadMs: 3_600_000,
      lifetimeMs: 30 * 86_400_000,
    });
    expect(loadConfig(production({ SIGNING_KEY_LIFETIME: '0' })).signingKeys.lifetimeMs).toBe(0);
    expect(problems(production({ SIGNING_KEY_LIFETIME: '10m' }))).toEqual([
      expect.stringMatching(/^SIGNING_KEY_LIFETIME must be 0 .* or at least JWKS_PUBLISH_AHEAD and ACCESS_TOKEN_TTL/),
    ]);
  });
});
