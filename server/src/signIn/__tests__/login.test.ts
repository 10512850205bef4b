import { errorCode, sleep, uniqueEmail, useTestServer, withTestServer } from '../../testing/testServer';
import { ME, REFRESH, SESSIONS } from '../../testing/operations';
import type { TestClient } from '../../testing/testServer';

const PASSWORD = 'the right password';

const sessionCount = async (client: TestClient) => (await client.gql(SESSIONS)).data?.sessions.length;

const rateLimited = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  errorCode(res) === 'RATE_LIMITED';

describe('login', () => {
  const server = useTestServer({
    LOGIN_MAX_FAILURES: '3',
    LOGIN_MAX_FAILURES_ACCOUNT: '6',
    LOGIN_MAX_FAILURES_IP: '8',
    LOGIN_WINDOW: '15m',
  });

  async function account() {
    const email = uniqueEmail();
    await server().client().register(email, 'the right password');
    return email;
  }

  it('signs in with the right password and creates a new session', async () => {
    const email = await account();
    const client = server().client();
    const res = await client.login(email, 'the right password');
    expect(res.errors).toBeUndefined();
    expect(client.cookie).toBeDefined();
    expect((await client.gql(ME)).errors).toBeUndefined();
    const user = await server().db.models.User.findOne({ email }).lean();
    expect(await server().db.models.Session.countDocuments({ userId: user!._id })).toBe(2);
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const email = await account();
    const res = await server().client().login(`  ${email.toUpperCase()} `, 'the right password');
    expect(res.errors).toBeUndefined();
  });

  it('gives one message and code for an unknown email and a wrong password', async () => {
    const email = await account();
    const wrong = await server().client().login(email, 'not the password');
    const unknown = await server().client().login(uniqueEmail(), 'not the password');
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(errorCode(unknown)).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(wrong.setCookies).toHaveLength(0);
  });

  it('does the same bcrypt work for an unknown email as for a wrong password', async () => {
    // Work, not wall time: CPU consumed by this process (the server runs in it) is
    // dominated by bcrypt at cost 10 and barely moved by other load on the machine.
    await withTestServer(
      { BCRYPT_COST: '10', LOGIN_MAX_FAILURES: '100', LOGIN_MAX_FAILURES_IP: '100' },
      async (slow) => {
        const email = uniqueEmail();
        await slow.client().register(email, 'the right password');
        const cpuOf = async (login: () => string) => {
          const before = process.cpuUsage();
          for (let i = 0; i < 5; i += 1) await slow.client().login(login(), 'not the password');
          const used = process.cpuUsage(before);
          return used.user + used.system;
        };
        await slow.client().login(uniqueEmail(), 'warm-up'); // the dummy hash is computed on first use
        const known = await cpuOf(() => email);
        const unknown = await cpuOf(() => uniqueEmail());
        // Skipping bcrypt for unknown emails would make this ratio ~0.05.
        const ratio = unknown / known;
        expect(ratio).toBeGreaterThan(0.5);
        expect(ratio).toBeLessThan(2);
      },
    );
  });

  it('hashes off the event loop: /healthz answers while a slow bcrypt login is still running', async () => {
    await withTestServer({ BCRYPT_COST: '13' }, async (slow) => {
      const order: string[] = [];
      const login = slow
        .client()
        .login(uniqueEmail(), 'some password')
        .then(() => order.push('login'));
      // Real time, not the clock's: the login needs a moment to reach bcrypt (~0.5 s at cost 13) on the thread pool.
      await sleep(50);
      const health = fetch(`${slow.url}/healthz`).then(() => order.push('healthz'));
      await Promise.all([login, health]);
      expect(order).toEqual(['healthz', 'login']);
    });
  });

  it('limits failures per account and IP, then answers RATE_LIMITED with retryAfter even for the right password', async () => {
    const email = await account();
    const client = server().client();
    for (let i = 0; i < 3; i += 1) expect(errorCode(await client.login(email, `wrong ${i}`))).toBe('UNAUTHENTICATED');
    const limited = await client.login(email, 'the right password');
    expect(rateLimited(limited)).toBe(true);
    const retryAfter = limited.errors?.[0]?.extensions?.retryAfter as number;
    expect(retryAfter).toBeGreaterThan(890);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // The same account from another address is still allowed (the per-account limit is larger).
    expect((await server().client().login(email, 'the right password')).errors).toBeUndefined();
  });

  it('does not count successful logins as failures', async () => {
    const email = await account();
    const client = server().client();
    for (let i = 0; i < 5; i += 1) expect((await client.login(email, 'the right password')).errors).toBeUndefined();
  });

  it('limits failures on one account across many addresses', async () => {
    const email = await account();
    for (let i = 0; i < 6; i += 1) await server().client().login(email, `wrong ${i}`);
    expect(rateLimited(await server().client().login(email, 'the right password'))).toBe(true);
  });

  it('limits one address spraying many accounts', async () => {
    const sprayer: TestClient = server().client();
    for (let i = 0; i < 8; i += 1) await sprayer.login(uniqueEmail(), 'Password1');
    const target = await account();
    expect(rateLimited(await sprayer.login(target, 'the right password'))).toBe(true);
  });

  it('counts concurrent guesses: 10 at once cannot exceed the limit', async () => {
    const email = await account();
    const client = server().client();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.login(email, `wrong ${i}`)));
    const guessed = results.filter((r) => errorCode(r) === 'UNAUTHENTICATED').length;
    expect(guessed).toBeLessThanOrEqual(3);
    expect(results.filter(rateLimited).length).toBeGreaterThanOrEqual(7);
  });
});

describe('login limits under other settings', () => {
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
