// guards: successful logins, password changes, live sessions and bcrypt work are bounded
// (issue 10 §5), and a sign-in ends the session of the cookie it replaces (§9, ASVS 5.0 V7.2.4).
import { CHANGE_PASSWORD, REFRESH, SESSIONS } from '../../testing/operations';
import { errorCode, uniqueEmail, withTestServer } from '../../testing/testServer';
import type { TestClient } from '../../testing/testServer';

const PASSWORD = 'the right password';

const sessionCount = async (client: TestClient) => (await client.gql(SESSIONS)).data?.sessions.length;

describe('login limits', () => {
  it('counts correct passwords too, under LOGIN_MAX_ATTEMPTS_ACCOUNT', () =>
    withTestServer({ LOGIN_MAX_ATTEMPTS_ACCOUNT: '3' }, async (server) => {
      const email = uniqueEmail();
      await server.client().register(email, PASSWORD);
      for (let i = 0; i < 3; i++) expect((await server.client().login(email, PASSWORD)).errors).toBeUndefined();
      expect(errorCode(await server.client().login(email, PASSWORD))).toBe('RATE_LIMITED');
    }));

  it('answers SERVICE_UNAVAILABLE at once when bcrypt work is full, and does not count it as a guess', () =>
    withTestServer(
      { BCRYPT_COST: '10', BCRYPT_MAX_CONCURRENCY: '1', BCRYPT_MAX_QUEUE: '1', LOGIN_MAX_FAILURES: '8' },
      async (server) => {
        const email = uniqueEmail();
        await server.client().register(email, PASSWORD);
        const client = server.client();
        const burst = await Promise.all(Array.from({ length: 8 }, () => client.login(email, 'wrong')));
        const codes = burst.map(errorCode);
        const refused = codes.filter((c) => c === 'SERVICE_UNAVAILABLE').length;
        expect(refused).toBeGreaterThan(0);
        expect(codes.filter((c) => c !== 'SERVICE_UNAVAILABLE' && c !== 'UNAUTHENTICATED')).toEqual([]);
        // Only the evaluated guesses count toward LOGIN_MAX_FAILURES (8): `refused` more are allowed.
        for (let i = 0; i < refused; i++) expect(errorCode(await client.login(email, 'wrong'))).toBe('UNAUTHENTICATED');
        expect(errorCode(await client.login(email, 'wrong'))).toBe('RATE_LIMITED');
      },
    ));
});

describe('changePassword limits', () => {
  it('allows PASSWORD_CHANGE_MAX changes per window, then answers RATE_LIMITED', () =>
    withTestServer({ PASSWORD_CHANGE_MAX: '2' }, async (server) => {
      const client = server.client();
      await client.register(undefined, 'password number 0');
      const change = async (n: number) => {
        const input = { currentPassword: `password number ${n}`, newPassword: `password number ${n + 1}` };
        const res = await client.gql(CHANGE_PASSWORD, { input });
        if (res.data) client.accessToken = res.data.changePassword.accessToken;
        return res;
      };
      expect((await change(0)).errors).toBeUndefined();
      expect((await change(1)).errors).toBeUndefined();
      expect(errorCode(await change(2))).toBe('RATE_LIMITED');
    }));
});

describe('sessions per user', () => {
  it('ends the least recently used session past MAX_SESSIONS_PER_USER', () =>
    withTestServer({ MAX_SESSIONS_PER_USER: '3' }, async (server) => {
      const email = uniqueEmail();
      const oldest = server.client();
      await oldest.register(email, PASSWORD);
      const others = [server.client(), server.client(), server.client()];
      for (const client of others) expect((await client.login(email, PASSWORD)).errors).toBeUndefined();
      expect(errorCode(await oldest.refresh())).toBe('UNAUTHENTICATED');
      expect(await sessionCount(others[2]!)).toBe(3);
      expect((await others[0]!.refresh()).errors).toBeUndefined();
    }));
});

describe('login from a browser that is already signed in', () => {
  it('ends the session of the refresh cookie it carried and starts a new one', () =>
    withTestServer({}, async (server) => {
      const email = uniqueEmail();
      const browser = server.client();
      await browser.register(email, PASSWORD);
      const before = browser.cookie!;
      expect((await browser.login(email, PASSWORD)).errors).toBeUndefined();
      expect(browser.cookie).not.toBe(before);
      expect(await sessionCount(browser)).toBe(1);
      expect(errorCode(await server.client().gql(REFRESH, undefined, { cookie: before, token: null }))).toBe(
        'UNAUTHENTICATED',
      );
    }));
});
