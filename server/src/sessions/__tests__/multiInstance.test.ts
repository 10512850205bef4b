// Two API instances on one database, as behind a load balancer.
import { startTestServer, testDatabaseUri, errorCode, sleep, ME, REFRESH, LOGOUT_ALL } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';

describe('two instances on one database', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const shared = { MONGODB_URI: testDatabaseUri(), LOGIN_MAX_FAILURES: '4' };
    a = await startTestServer(shared);
    b = await startTestServer(shared);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('refuses a revoked session at once on the revoking instance and within 5 seconds on the other', async () => {
    const onA = a.client();
    await onA.register();
    const token = onA.accessToken;
    const onB = b.client();
    expect((await onB.gql(ME, undefined, { token })).errors).toBeUndefined(); // B now caches the session as live
    await onA.gql(LOGOUT_ALL);
    expect(errorCode(await onA.gql(ME, undefined, { token }))).toBe('UNAUTHENTICATED');
    const started = Date.now();
    while (errorCode(await onB.gql(ME, undefined, { token })) !== 'UNAUTHENTICATED') {
      expect(Date.now() - started).toBeLessThan(5000);
      await sleep(100);
    }
  });

  it('shares login failure counts between instances', async () => {
    const email = (await a.client().register()).email;
    const ip = '203.0.113.77';
    for (let i = 0; i < 4; i += 1) {
      const server = i % 2 === 0 ? a : b;
      expect(errorCode(await server.client({ ip }).login(email, `wrong ${i}`))).toBe('UNAUTHENTICATED');
    }
    expect(errorCode(await a.client({ ip }).login(email, 'correct horse battery'))).toBe('RATE_LIMITED');
    expect(errorCode(await b.client({ ip }).login(email, 'correct horse battery'))).toBe('RATE_LIMITED');
  });

  it('lets exactly one of 20 concurrent refreshes split across instances rotate', async () => {
    const client = a.client();
    await client.register();
    const cookie = client.cookie!;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).client().gql(REFRESH, undefined, { cookie, token: null }),
      ),
    );
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    const successors = new Set(results.map((r) => /refresh_token=([^;]+)/.exec(r.setCookies.join())?.[1]));
    expect(successors.size).toBe(1);
    const user = await a.db.models.User.findOne({}).sort({ _id: -1 }).lean();
    expect(await a.db.models.Session.countDocuments({ userId: user!._id })).toBe(1);
  });
});
