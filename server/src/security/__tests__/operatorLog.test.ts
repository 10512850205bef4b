// guards: operators can find an attacker in the logs (ASVS 5.0 V16.2.1: each line says who,
// from where and which request; V16.3.1: authentication events logged). Every request line and
// every security-event line carries the request id and the client's address (its keyed hash
// when LOG_HASH_KEY is set); a failed login for an unknown address names the address by its
// HMAC under LOG_HASH_KEY, never in clear; `rate_limited` names the hashed key it counted.
import { createHmac } from 'node:crypto';
import { LOGIN, ME } from '../../testing/operations';
import { uniqueEmail, useTestServer, withTestServer } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';

const KEY = 'a-log-hash-key-for-tests-only-0123456789abcdef';
const hmac = (value: string) => createHmac('sha256', KEY).update(value).digest('base64url').slice(0, 22);

const requestLine = (s: TestServer, id: string) =>
  s.logs.find((line) => (line.req as { id?: unknown } | undefined)?.id === id && line.msg === 'request completed');
const eventLines = (s: TestServer, requestId: string) =>
  s.logs.filter((line) => line.event === 'security_event' && line.requestId === requestId);

describe('the operator log', () => {
  const server = useTestServer({ LOG_HASH_KEY: KEY });

  it('tags every request line with its request id and the client address, as its keyed hash', async () => {
    const client = server().client({ ip: '198.51.100.77' });
    await client.gql(ME, undefined, { token: null, headers: { 'x-request-id': 'trace-req-1' } });

    const line = requestLine(server(), 'trace-req-1');
    expect(line).toMatchObject({ ip: hmac('198.51.100.77') });
    expect(JSON.stringify(server().logs)).not.toContain('198.51.100.77');
  });

  it('tags every security-event line with the request id and the client address', async () => {
    const client = server().client({ ip: '198.51.100.78' });
    const { email } = await client.register(uniqueEmail());

    await client.gql(
      LOGIN,
      { input: { email, password: 'not the password' } },
      { headers: { 'x-request-id': 'trace-event-1' } },
    );

    expect(eventLines(server(), 'trace-event-1')).toEqual([
      expect.objectContaining({ type: 'LOGIN_FAILED', ip: hmac('198.51.100.78'), userId: expect.any(String) }),
    ]);
  });

  it('logs a failed login for an unknown address with the HMAC of the address, never the address', async () => {
    const email = uniqueEmail();
    await server()
      .client()
      .gql(
        LOGIN,
        { input: { email: email.toUpperCase(), password: 'any password at all' } },
        { headers: { 'x-request-id': 'trace-unknown-1' } },
      );

    expect(eventLines(server(), 'trace-unknown-1')).toEqual([
      expect.objectContaining({ type: 'LOGIN_FAILED', emailHash: hmac(email) }),
    ]);
    expect(JSON.stringify(server().logs).toLowerCase()).not.toContain(email);
  });

  it('names the hashed key a rate_limited refusal counted, as the limiter stores it', async () => {
    const client = server().client();
    const { email } = await client.register(uniqueEmail());
    const before = server().logs.length;
    for (let i = 0; i < 7; i++) await client.login(email, 'not the password');

    const refusal = server()
      .logs.slice(before)
      .find((line) => line.event === 'rate_limited');
    expect(refusal).toMatchObject({
      rules: expect.arrayContaining(['login:acct-ip']),
      keys: expect.arrayContaining([expect.stringMatching(/^[\w-]{43}$/)]),
    });
    const stored = await server().db.models.RateLimitEvent.countDocuments({ key: (refusal!.keys as string[])[0] });
    expect(stored).toBeGreaterThan(0);
  });
});

describe('without LOG_HASH_KEY', () => {
  it('logs the client address in clear on request and security-event lines', async () => {
    await withTestServer({}, async (s) => {
      const client = s.client({ ip: '198.51.100.79' });
      await client.gql(ME, undefined, { token: null, headers: { 'x-request-id': 'trace-clear-1' } });

      expect(requestLine(s, 'trace-clear-1')).toMatchObject({ ip: '198.51.100.79' });
    });
  });
});
