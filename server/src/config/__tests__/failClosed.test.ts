// guards: defaults fail closed (issue 10 §9, §3). Unset NODE_ENV is production; production
// refuses the published development secret, low-entropy and short secrets, and a refresh
// secret that is missing or the access secret again; a Secure cookie is `__Secure-` prefixed.
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../index';

const MONGODB_URI = 'mongodb://127.0.0.1:27017/test';
const strong = () => randomBytes(48).toString('base64');

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ MONGODB_URI, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig in production', () => {
  it('is what an unset NODE_ENV means', () => {
    expect(loadConfig({ MONGODB_URI, JWT_ACCESS_SECRET: strong(), REFRESH_TOKEN_SECRET: strong() }).isProduction).toBe(
      true,
    );
    expect(problems({}).join('\n')).toMatch(/JWT_ACCESS_SECRET/);
  });

  it('starts with two strong, distinct secrets', () => {
    expect(problems({ NODE_ENV: 'production', JWT_ACCESS_SECRET: strong(), REFRESH_TOKEN_SECRET: strong() })).toEqual(
      [],
    );
  });

  it.each([
    ['the published development secret', 'dev-only-insecure-secret-change-me-0123456789', /development secret/],
    ['a repeated character', 'x'.repeat(64), /distinct characters/],
    ['a short pattern', 'abcdabcdabcdabcdabcdabcdabcdabcdabcd', /distinct characters/],
    ['31 bytes', 'Ab3$Cd4%Ef5^Gh6&Ij7*Kl8(Mn9)Op0', /at least 32 bytes/],
  ])('refuses %s as JWT_ACCESS_SECRET, naming it', (_what, secret, message) => {
    const found = problems({ NODE_ENV: 'production', JWT_ACCESS_SECRET: secret, REFRESH_TOKEN_SECRET: strong() });
    expect(found).toEqual([expect.stringMatching(message)]);
    expect(found[0]).toMatch(/^JWT_ACCESS_SECRET /);
  });

  it('requires a REFRESH_TOKEN_SECRET of its own', () => {
    const access = strong();
    expect(problems({ NODE_ENV: 'production', JWT_ACCESS_SECRET: access })).toEqual([
      expect.stringMatching(/^REFRESH_TOKEN_SECRET must be at least 32 bytes/),
    ]);
    expect(problems({ NODE_ENV: 'production', JWT_ACCESS_SECRET: access, REFRESH_TOKEN_SECRET: access })).toEqual([
      'REFRESH_TOKEN_SECRET must differ from JWT_ACCESS_SECRET',
    ]);
  });
});

describe('loadConfig in development', () => {
  it('derives the refresh key from the access secret when REFRESH_TOKEN_SECRET is unset', () => {
    const config = loadConfig({ MONGODB_URI, NODE_ENV: 'development' });
    expect(config.refresh.successorSecret).toBe(config.jwt.accessSecret);
  });
});

describe('cookie names', () => {
  it('prefixes Secure cookies with __Secure- and leaves plain-http ones as named', () => {
    const env = { MONGODB_URI, NODE_ENV: 'development' };
    expect(loadConfig(env).cookie).toMatchObject({ name: '__Secure-refresh_token', deviceName: '__Secure-device' });
    expect(loadConfig({ ...env, COOKIE_SECURE: 'false' }).cookie).toMatchObject({
      name: 'refresh_token',
      deviceName: 'device',
    });
  });
});
