// How the environment is read: every problem reported together and by name, durations and
// proxies parsed, the safe defaults, the cookie names, and a frozen result. What production
// refuses is failClosed.test.ts; the passkey relying party is webauthn.test.ts.
import { loadConfig } from '../index';
import { problems } from './problems';

// Unset NODE_ENV means production: the development defaults are asked for by name.
const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/app', NODE_ENV: 'development' };

describe('loadConfig', () => {
  it('reports every bad variable together, each by name and value', () => {
    const found = problems({ ...base, ACCESS_TOKEN_TTL: 'soon', BCRYPT_COST: '40', COOKIE_SAMESITE: 'sometimes' });
    expect(found).toHaveLength(3);
    expect(found.join('\n')).toContain('ACCESS_TOKEN_TTL=soon');
    expect(found.join('\n')).toContain('BCRYPT_COST=40');
    expect(found.join('\n')).toContain('COOKIE_SAMESITE=sometimes');
  });

  it('refuses a missing MONGODB_URI and one with another scheme', () => {
    expect(problems({ NODE_ENV: 'development' }).join('\n')).toContain('MONGODB_URI');
    expect(problems({ NODE_ENV: 'development', MONGODB_URI: 'http://db' }).join('\n')).toContain('MONGODB_URI');
  });

  it('refuses a zero or negative access token lifetime', () => {
    expect(problems({ ...base, ACCESS_TOKEN_TTL: '0' }).join('\n')).toContain('ACCESS_TOKEN_TTL');
    expect(problems({ ...base, ACCESS_TOKEN_TTL: '-5s' }).join('\n')).toContain('ACCESS_TOKEN_TTL');
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

  it('reads BCRYPT_MAX_QUEUE_PER_ACCOUNT, 8 by default', () => {
    expect(loadConfig(base).bcryptMaxQueuePerAccount).toBe(8);
    expect(loadConfig({ ...base, BCRYPT_MAX_QUEUE_PER_ACCOUNT: '2' }).bcryptMaxQueuePerAccount).toBe(2);
  });

  it('reads PASSWORD_CONFIRM_MAX, 10 an hour by default, and refuses 0', () => {
    expect(loadConfig(base).rateLimits.passwordConfirmMax).toBe(10);
    expect(loadConfig({ ...base, PASSWORD_CONFIRM_MAX: '3' }).rateLimits.passwordConfirmMax).toBe(3);
    expect(problems({ ...base, PASSWORD_CONFIRM_MAX: '0' }).join('\n')).toContain('PASSWORD_CONFIRM_MAX=0');
  });

  it('defaults MFA_MAX_CONSECUTIVE_FAILURES to 10 and refuses more than 100 (NIST SP 800-63B §5.2.2)', () => {
    expect(loadConfig(base).mfa).toMatchObject({ maxConsecutiveFailures: 10 });
    expect(loadConfig({ ...base, MFA_MAX_CONSECUTIVE_FAILURES: '3' }).mfa).toMatchObject({ maxConsecutiveFailures: 3 });
    expect(problems({ ...base, MFA_MAX_CONSECUTIVE_FAILURES: '101' })).toEqual([
      'MFA_MAX_CONSECUTIVE_FAILURES=101 must be an integer from 1 to 100',
    ]);
  });

  it('refuses SameSite=None without Secure', () => {
    expect(problems({ ...base, COOKIE_SAMESITE: 'none', COOKIE_SECURE: 'false' }).join('\n')).toContain(
      'COOKIE_SECURE',
    );
  });

  it('prefixes Secure cookies with __Secure- and leaves plain-http ones as named', () => {
    expect(loadConfig(base).cookie).toMatchObject({ name: '__Secure-refresh_token', deviceName: '__Secure-device' });
    expect(loadConfig({ ...base, COOKIE_SECURE: 'false' }).cookie).toMatchObject({
      name: 'refresh_token',
      deviceName: 'device',
    });
  });

  it('bounds notices at 10 per address an hour and the outbox at 1000 messages, and refuses 0', () => {
    const config = loadConfig(base);
    expect(config.mail).toMatchObject({ maxPerRecipient: 10, queueMax: 1000 });
    const found = problems({ ...base, MAIL_MAX_PER_RECIPIENT: '0', MAIL_QUEUE_MAX: 'many' }).join('\n');
    expect(found).toContain('MAIL_MAX_PER_RECIPIENT=0');
    expect(found).toContain('MAIL_QUEUE_MAX=many');
  });

  it('logs addresses in clear unless LOG_HASH_KEY is set, and refuses a LOG_HASH_KEY under 32 bytes', () => {
    expect(loadConfig(base).logs.hashAddresses).toBe(false);
    const key = 'a-log-hash-key-of-full-strength-0123456789';
    expect(loadConfig({ ...base, LOG_HASH_KEY: key }).logs).toEqual({ hashKey: Buffer.from(key), hashAddresses: true });
    expect(problems({ ...base, LOG_HASH_KEY: 'short' }).join('\n')).toContain('LOG_HASH_KEY must be at least 32 bytes');
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
    expect(problems({ ...base, TRUST_PROXY: 'true' }).join('\n')).toContain('TRUST_PROXY');
  });
  it('keeps the password breach check off unless PASSWORD_BREACH_CHECK_URL is set, with a 2-second timeout', () => {
    expect(loadConfig(base).passwordBreachCheck).toEqual({ url: null, timeoutMs: 2000 });
    const url = 'https://api.pwnedpasswords.com/range/';
    expect(
      loadConfig({ ...base, PASSWORD_BREACH_CHECK_URL: url, PASSWORD_BREACH_CHECK_TIMEOUT: '500ms' })
        .passwordBreachCheck,
    ).toEqual({
      url,
      timeoutMs: 500,
    });
  });

  it('refuses a PASSWORD_BREACH_CHECK_URL that is not an http(s) URL ending in /, and a timeout over 10 seconds', () => {
    for (const url of [
      'ftp://example.com/range/',
      'api.pwnedpasswords.com/range/',
      'https://api.pwnedpasswords.com/range',
    ]) {
      expect(problems({ ...base, PASSWORD_BREACH_CHECK_URL: url }).join('\n')).toContain(
        `PASSWORD_BREACH_CHECK_URL=${url} must be an http(s) URL ending in /`,
      );
    }
    expect(problems({ ...base, PASSWORD_BREACH_CHECK_TIMEOUT: '30s' }).join('\n')).toContain(
      'PASSWORD_BREACH_CHECK_TIMEOUT=30s must be at most 10s',
    );
  });
});
