// guards: defaults fail closed (issue 10 §9, §3). Unset NODE_ENV is production; production
// refuses the published development secret, low-entropy and short secrets, and a refresh
// secret that is missing or the access secret again; a Secure cookie is `__Secure-` prefixed.
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '../index';

const MONGODB_URI = 'mongodb://127.0.0.1:27017/test';
/** What production needs besides its secrets (issue 12: mail). */
const MAIL = {
  SMTP_URL: 'smtp://mail.example.com:587',
  APP_URL: 'https://app.example.com',
  MFA_ENCRYPTION_KEY: randomBytes(48).toString('base64'),
};
const strong = () => randomBytes(48).toString('base64');

function problems(env: Record<string, string>, base: Record<string, string> = MAIL): string[] {
  try {
    loadConfig({ MONGODB_URI, ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig in production', () => {
  it('is what an unset NODE_ENV means', () => {
    const env = { MONGODB_URI, ...MAIL, JWT_ACCESS_SECRET: strong(), REFRESH_TOKEN_SECRET: strong() };
    expect(loadConfig(env).isProduction).toBe(true);
    expect(problems({}).join('\n')).toMatch(/JWT_ACCESS_SECRET/);
  });

  it('starts with two strong, distinct secrets', () => {
    expect(problems({ NODE_ENV: 'production', JWT_ACCESS_SECRET: strong(), REFRESH_TOKEN_SECRET: strong() })).toEqual(
      [],
    );
  });

  it('refuses to start without SMTP_URL and APP_URL, naming both', () => {
    const found = problems(
      { NODE_ENV: 'production', JWT_ACCESS_SECRET: strong(), REFRESH_TOKEN_SECRET: strong() },
      { MFA_ENCRYPTION_KEY: MAIL.MFA_ENCRYPTION_KEY },
    );
    expect(found).toEqual([
      expect.stringMatching(/^SMTP_URL is required in production/),
      expect.stringMatching(/^APP_URL is required in production/),
    ]);
  });

  it('requires an MFA_ENCRYPTION_KEY of its own (32+ bytes), naming it', () => {
    const access = strong();
    const base = { SMTP_URL: MAIL.SMTP_URL, APP_URL: MAIL.APP_URL };
    const env = { NODE_ENV: 'production', JWT_ACCESS_SECRET: access, REFRESH_TOKEN_SECRET: strong() };
    expect(problems(env, base)).toEqual([expect.stringMatching(/^MFA_ENCRYPTION_KEY must be at least 32 bytes/)]);
    expect(problems({ ...env, MFA_ENCRYPTION_KEY: access }, base)).toEqual([
      'MFA_ENCRYPTION_KEY must differ from JWT_ACCESS_SECRET',
    ]);
  });

  it.each([
    ['a path', 'https://app.example.com/account'],
    ['another scheme', 'javascript://app.example.com'],
    ['no scheme', 'app.example.com'],
  ])('refuses an APP_URL with %s', (_what, appUrl) => {
    const found = problems({
      NODE_ENV: 'production',
      JWT_ACCESS_SECRET: strong(),
      REFRESH_TOKEN_SECRET: strong(),
      APP_URL: appUrl,
    });
    expect(found).toEqual([expect.stringMatching(/^APP_URL=.* must be an origin/)]);
  });

  it('refuses an SMTP_URL that is not smtp:// or smtps://', () => {
    const found = problems({
      NODE_ENV: 'production',
      JWT_ACCESS_SECRET: strong(),
      REFRESH_TOKEN_SECRET: strong(),
      SMTP_URL: 'http://mail.example.com',
    });
    expect(found).toEqual([expect.stringMatching(/^SMTP_URL must look like/)]);
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

// guards: issue 15 — the passkey relying party is the web app's origin, checked at start.
describe('the WebAuthn relying party', () => {
  const dev = { MONGODB_URI, NODE_ENV: 'development' };

  it("is APP_URL's host and origin unless set", () => {
    expect(loadConfig({ ...dev, APP_URL: 'https://app.example.com' }).webauthn).toMatchObject({
      rpId: 'app.example.com',
      origins: ['https://app.example.com'],
    });
    expect(
      loadConfig({
        ...dev,
        APP_URL: 'https://app.example.com',
        WEBAUTHN_RP_ID: 'example.com',
        WEBAUTHN_ORIGIN: 'https://app.example.com, https://www.example.com',
      }).webauthn,
    ).toMatchObject({ rpId: 'example.com', origins: ['https://app.example.com', 'https://www.example.com'] });
  });

  it('is off, not a reason to refuse to start, for an app served from an IP address', () => {
    expect(loadConfig({ ...dev, APP_URL: 'http://127.0.0.1:3000' }).webauthn).toMatchObject({ rpId: null });
    expect(loadConfig({ ...dev, APP_URL: 'http://[::1]:3000' }).webauthn).toMatchObject({ rpId: null });
  });

  it('refuses an IP address as RP ID, and an origin the RP ID does not cover, naming them', () => {
    expect(problems({ NODE_ENV: 'development', WEBAUTHN_RP_ID: '10.0.0.1' })).toEqual([
      expect.stringMatching(/^WEBAUTHN_RP_ID=10\.0\.0\.1 must be a domain/),
    ]);
    expect(problems({ NODE_ENV: 'development', WEBAUTHN_RP_ID: 'other.test' })).toEqual([
      expect.stringMatching(/^WEBAUTHN_ORIGIN=https:\/\/app\.example\.com is not on WEBAUTHN_RP_ID=other\.test/),
    ]);
    // A parent domain covers its subdomains.
    expect(problems({ NODE_ENV: 'development', WEBAUTHN_RP_ID: 'example.com' })).toEqual([]);
  });
});
