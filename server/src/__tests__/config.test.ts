import { ConfigError, loadConfig } from '../config';

const SECRET = 'a-production-secret-of-at-least-32-bytes!';
const REFRESH_SECRET = 'another-production-secret, 32 bytes or more';
/** 32 bytes, 32 distinct characters: a key the length rule accepts and the entropy rule too. */
const SECRET_32 = 'Ab1!Cd2@Ef3#Gh4$Ij5%Kl6^Mn7&Op8*';
// Unset NODE_ENV means production: the development defaults are asked for by name.
const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/app', NODE_ENV: 'development' };
const production = {
  ...base,
  NODE_ENV: 'production',
  REFRESH_TOKEN_SECRET: REFRESH_SECRET,
  SMTP_URL: 'smtp://mail.example.com:587',
  APP_URL: 'https://app.example.com',
  MFA_ENCRYPTION_KEY: 'mfa-key-of-its-own-for-the-config-tests-0123456789',
};

/** The ConfigError loadConfig throws for this environment (fails the test if none). */
function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig', () => {
  it('refuses to start in production without JWT_ACCESS_SECRET, naming the variable', () => {
    const error = problemsOf(production);
    expect(error.message).toContain('JWT_ACCESS_SECRET');
  });

  it('refuses a production secret of 31 bytes and accepts one of 32', () => {
    const error = problemsOf({ ...production, JWT_ACCESS_SECRET: SECRET_32.slice(0, 31) });
    expect(error.message).toContain('JWT_ACCESS_SECRET');
    expect(loadConfig({ ...production, JWT_ACCESS_SECRET: SECRET_32 }).jwt.accessSecret).toHaveLength(32);
  });

  it('counts the secret length in bytes, not characters', () => {
    // 16 accented letters are 16 characters but 32 bytes in UTF-8.
    const accented = 'éèêëàâäîïôöùûüçñ';
    expect(() => loadConfig({ ...production, JWT_ACCESS_SECRET: accented })).not.toThrow();
    expect(problemsOf({ ...production, JWT_ACCESS_SECRET: accented.slice(0, 15) }).message).toContain(
      'JWT_ACCESS_SECRET',
    );
  });

  it('reports every bad variable together, each by name', () => {
    const error = problemsOf({
      ...base,
      JWT_ACCESS_SECRET: SECRET,
      ACCESS_TOKEN_TTL: 'soon',
      BCRYPT_COST: '40',
      COOKIE_SAMESITE: 'sometimes',
    });
    expect(error.problems).toHaveLength(3);
    expect(error.message).toContain('ACCESS_TOKEN_TTL=soon');
    expect(error.message).toContain('BCRYPT_COST=40');
    expect(error.message).toContain('COOKIE_SAMESITE=sometimes');
  });

  it('refuses a missing MONGODB_URI and one with another scheme', () => {
    expect(problemsOf({ NODE_ENV: 'development' }).message).toContain('MONGODB_URI');
    expect(problemsOf({ NODE_ENV: 'development', MONGODB_URI: 'http://db' }).message).toContain('MONGODB_URI');
  });

  it('refuses a zero or negative access token lifetime', () => {
    expect(problemsOf({ ...base, ACCESS_TOKEN_TTL: '0' }).message).toContain('ACCESS_TOKEN_TTL');
    expect(problemsOf({ ...base, ACCESS_TOKEN_TTL: '-5s' }).message).toContain('ACCESS_TOKEN_TTL');
  });

  it('parses ACCESS_TOKEN_TTL=3s to 3000 ms and defaults it to 15 minutes', () => {
    expect(loadConfig({ ...base, ACCESS_TOKEN_TTL: '3s' }).jwt.accessTtlMs).toBe(3000);
    expect(loadConfig(base).jwt.accessTtlMs).toBe(15 * 60 * 1000);
  });

  it('defaults to a Secure, SameSite=Strict cookie and bcrypt cost 12', () => {
    const config = loadConfig(base);
    expect(config.cookie.secure).toBe(true);
    expect(config.cookie.sameSite).toBe('strict');
    expect(config.bcryptCost).toBe(12);
  });

  it('refuses SameSite=None without Secure', () => {
    expect(problemsOf({ ...base, COOKIE_SAMESITE: 'none', COOKIE_SECURE: 'false' }).message).toContain('COOKIE_SECURE');
  });

  it('returns a deeply frozen config', () => {
    const config = loadConfig(base);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.jwt)).toBe(true);
    expect(Object.isFrozen(config.http.corsOrigins)).toBe(true);
    expect(() => {
      (config.jwt as { accessTtlMs: number }).accessTtlMs = 1;
    }).toThrow(TypeError);
  });

  it('turns introspection and the landing page off in production', () => {
    const config = loadConfig({ ...production, JWT_ACCESS_SECRET: SECRET });
    expect(config.graphql.introspection).toBe(false);
    expect(config.graphql.landingPage).toBe(false);
  });

  it('turns introspection on in production only when GRAPHQL_INTROSPECTION=true', () => {
    const config = loadConfig({ ...production, JWT_ACCESS_SECRET: SECRET, GRAPHQL_INTROSPECTION: 'true' });
    expect(config.graphql.introspection).toBe(true);
    expect(config.graphql.landingPage).toBe(false);
  });

  it('keeps introspection and the landing page on in development', () => {
    const config = loadConfig(base);
    expect(config.graphql.introspection).toBe(true);
    expect(config.graphql.landingPage).toBe(true);
  });

  it('keeps array batching off unless GRAPHQL_ALLOW_BATCHING is set', () => {
    expect(loadConfig(base).graphql.allowBatching).toBe(false);
    expect(loadConfig({ ...base, GRAPHQL_ALLOW_BATCHING: 'true' }).graphql.allowBatching).toBe(true);
  });

  it('reads a numeric TRUST_PROXY as a hop count, not as the address 0.0.0.1', () => {
    // Express treats the string "1" as an IP address list; only the number 1 means "one proxy hop".
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadConfig(base).http.trustProxy).toBe(false);
  });

  it('refuses TRUST_PROXY=true, which would let any client choose its own IP for rate limits', () => {
    expect(problemsOf({ ...base, TRUST_PROXY: 'true' }).message).toContain('TRUST_PROXY');
  });
});
