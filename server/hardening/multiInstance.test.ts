// Two API processes on one database, as behind a load balancer: whatever one
// instance decides (a revocation, a failed login, a rotation) binds the other.
import { ObjectId } from 'mongodb';
import {
  TestClient,
  CHANGE_PASSWORD,
  LOGOUT,
  LOGOUT_ALL,
  ME,
  REFRESH,
  REVOKE_SESSION,
  errorCode,
  jwtClaims,
  nextIp,
  openDatabase,
  sleep,
  startApi,
  testDatabaseUri,
  tokenHash,
} from './harness';
import type { ApiProcess } from './harness';

describe('two API processes on one database', () => {
  const uri = testDatabaseUri();
  let a: ApiProcess;
  let b: ApiProcess;
  let direct: Awaited<ReturnType<typeof openDatabase>>;

  beforeAll(async () => {
    const shared = { MONGODB_URI: uri, LOGIN_MAX_FAILURES: '4' };
    [a, b] = await Promise.all([startApi(shared), startApi(shared)]);
    direct = await openDatabase(uri);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await direct?.db.dropDatabase().catch(() => undefined);
    await direct?.close();
  });

  /** Signs in on A; B has seen the access token as live (and cached that). */
  async function sessionSeenByBoth() {
    const onA = new TestClient(a.url);
    const { email, password } = await onA.register();
    const token = onA.accessToken!;
    expect((await new TestClient(b.url).gql(ME, undefined, { token })).errors).toBeUndefined();
    return { onA, email, password, token, cookie: onA.cookie! };
  }

  /** Polls B with the token until it is refused; returns how long that took. */
  async function refusedByB(token: string): Promise<number> {
    const started = Date.now();
    const onB = new TestClient(b.url);
    while (errorCode(await onB.gql(ME, undefined, { token })) !== 'UNAUTHENTICATED') {
      if (Date.now() - started > 5000) throw new Error('B still accepts the revoked token after 5 s');
      await sleep(100);
    }
    return Date.now() - started;
  }

  async function refreshRefusedByB(cookie: string) {
    const res = await new TestClient(b.url).gql(REFRESH, undefined, { cookie, token: null });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  }

  it('refuses on B within 5 s a session logged out through A', async () => {
    const { onA, token, cookie } = await sessionSeenByBoth();
    await onA.gql(LOGOUT);
    expect(await refusedByB(token)).toBeLessThan(5000);
    await refreshRefusedByB(cookie);
  });

  it('refuses on B within 5 s every session ended by logoutAll through A', async () => {
    const { onA, email, password, token, cookie } = await sessionSeenByBoth();
    const other = new TestClient(b.url);
    expect((await other.login(email, password)).errors).toBeUndefined();
    expect((await other.gql(ME)).errors).toBeUndefined();
    expect((await onA.gql(LOGOUT_ALL)).data).toEqual({ logoutAll: true });
    expect(await refusedByB(token)).toBeLessThan(5000);
    expect(await refusedByB(other.accessToken!)).toBeLessThan(5000);
    await refreshRefusedByB(cookie);
    await refreshRefusedByB(other.cookie!);
  });

  it('refuses on B within 5 s a session revoked through A with revokeSession', async () => {
    const { onA, email, password } = await sessionSeenByBoth();
    const victim = new TestClient(b.url);
    await victim.login(email, password);
    expect((await victim.gql(ME)).errors).toBeUndefined();
    const sid = String(jwtClaims(victim.accessToken!).sid);
    expect((await onA.gql(REVOKE_SESSION, { id: sid })).data).toEqual({ revokeSession: true });
    expect(await refusedByB(victim.accessToken!)).toBeLessThan(5000);
    await refreshRefusedByB(victim.cookie!);
    expect((await onA.gql(ME)).errors).toBeUndefined(); // A's own session is untouched
  });

  it('refuses on B within 5 s the other sessions ended by a password change through A, and keeps the changing one', async () => {
    const { onA, email, password } = await sessionSeenByBoth();
    const other = new TestClient(b.url);
    await other.login(email, password);
    expect((await other.gql(ME)).errors).toBeUndefined();
    const res = await onA.gql<{ changePassword: { accessToken: string } }>(CHANGE_PASSWORD, {
      input: { currentPassword: password, newPassword: 'a brand new passphrase' },
    });
    expect(res.errors).toBeUndefined();
    onA.accessToken = res.data!.changePassword.accessToken;
    expect(await refusedByB(other.accessToken!)).toBeLessThan(5000);
    await refreshRefusedByB(other.cookie!);
    expect((await new TestClient(b.url).gql(ME, undefined, { token: onA.accessToken })).errors).toBeUndefined();
    expect(errorCode(await new TestClient(b.url).login(email, password))).toBe('UNAUTHENTICATED');
  });

  it('refuses on B within 5 s a session revoked by refresh-token reuse detected on A', async () => {
    const { onA, token, cookie: stolen } = await sessionSeenByBoth();
    expect((await onA.refresh()).errors).toBeUndefined();
    expect((await onA.refresh()).errors).toBeUndefined();
    const current = onA.accessToken!;
    expect((await new TestClient(b.url).gql(ME, undefined, { token: current })).errors).toBeUndefined();
    // The first token, replayed after its successor itself rotated: theft.
    expect(errorCode(await new TestClient(a.url).gql(REFRESH, undefined, { cookie: stolen, token: null }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await refusedByB(current)).toBeLessThan(5000);
    expect(await refusedByB(token)).toBeLessThan(5000);
    await refreshRefusedByB(onA.cookie!);
  });

  it('counts login failures spread across both instances against one limit', async () => {
    const { email, password } = await new TestClient(a.url).register();
    const ip = nextIp();
    for (let i = 0; i < 4; i += 1) {
      const res = await new TestClient(i % 2 === 0 ? a.url : b.url, { ip }).login(email, `wrong password ${i}`);
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    }
    expect(errorCode(await new TestClient(a.url, { ip }).login(email, password))).toBe('RATE_LIMITED');
    expect(errorCode(await new TestClient(b.url, { ip }).login(email, password))).toBe('RATE_LIMITED');
    // Concurrent failures split across both also stop at the limit: none slips through.
    const burstIp = nextIp();
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        new TestClient(i % 2 === 0 ? a.url : b.url, { ip: burstIp }).login(email, `wrong ${i}`),
      ),
    );
    expect(burst.filter((r) => errorCode(r) === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(4);
    expect(burst.filter((r) => errorCode(r) === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(6);
  });

  it('lets exactly one of 20 concurrent refreshes of one token, split across both, rotate', async () => {
    const client = new TestClient(a.url);
    const { accessToken, user } = await client.register();
    const parent = client.cookie!;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new TestClient(i % 2 === 0 ? a.url : b.url).gql(REFRESH, undefined, { cookie: parent, token: null }),
      ),
    );
    expect(results.map(errorCode).filter(Boolean)).toEqual([]);
    const successors = new Set(results.map((r) => /refresh_token=([^;]+)/.exec(r.setCookies.join())?.[1]));
    expect(successors.size).toBe(1);
    const refreshTokens = direct.db.collection('refresh_tokens');
    expect(await refreshTokens.countDocuments({ parentId: tokenHash(parent) })).toBe(1);
    const sid = String(jwtClaims(accessToken).sid);
    expect(await refreshTokens.countDocuments({ sessionId: sid })).toBe(2); // the first token and its one successor
    expect(await direct.db.collection('sessions').countDocuments({ userId: new ObjectId(user.id) })).toBe(1);
  });
});
