// Two API instances on one database, as behind a load balancer: whatever one
// instance decides (a revocation, a failed login, a rotation) binds the other,
// though each keeps its own session cache.
import { Types } from 'mongoose';
import { errorCode, setRefreshToken, testDatabaseUri, tokenHash, useTestServer } from '../../testing/testServer';
import { CHANGE_PASSWORD, LOGOUT, LOGOUT_ALL, ME, REFRESH, REVOKE_SESSION } from '../../testing/operations';
import type { TestClient } from '../../testing/testServer';
import { jwtClaims } from '../../testing/forgedJwt';

describe('two instances on one database', () => {
  const shared = { MONGODB_URI: testDatabaseUri(), LOGIN_MAX_FAILURES: '4' };
  const a = useTestServer(shared);
  const b = useTestServer(shared);

  const sid = (client: TestClient) => String(jwtClaims(client.accessToken!).sid);

  interface Device {
    client: TestClient;
    token: string;
    cookie: string;
  }
  interface Account {
    email: string;
    password: string;
    /** Signed in through A. */
    onA: TestClient;
    /** A second session, signed in through B. */
    onB: TestClient;
  }

  /** One user signed in on each instance; B has seen both access tokens as live (and cached that). */
  async function signedInOnBoth(): Promise<Account> {
    const onA = a().client();
    const { email, password } = await onA.register();
    const onB = b().client();
    expect((await onB.login(email, password)).errors).toBeUndefined();
    for (const client of [onA, onB]) {
      expect((await b().client().gql(ME, undefined, { token: client.accessToken })).errors).toBeUndefined();
    }
    return { email, password, onA, onB };
  }
  const device = (client: TestClient): Device => ({ client, token: client.accessToken!, cookie: client.cookie! });

  it.each<[string, (account: Account) => Promise<{ ended: Device[]; kept: TestClient[] }>]>([
    [
      'logout',
      async ({ onA, onB }) => {
        const ended = [device(onA)];
        expect((await onA.gql(LOGOUT)).data?.logout).toBe(true);
        return { ended, kept: [onB] };
      },
    ],
    [
      'logoutAll',
      async ({ onA, onB }) => {
        const ended = [device(onA), device(onB)];
        expect((await onA.gql(LOGOUT_ALL)).data?.logoutAll).toBe(true);
        return { ended, kept: [] };
      },
    ],
    [
      'revokeSession of the session signed in on B',
      async ({ onA, onB }) => {
        const ended = [device(onB)];
        expect((await onA.gql(REVOKE_SESSION, { id: sid(onB) })).data?.revokeSession).toBe(true);
        return { ended, kept: [onA] };
      },
    ],
    [
      'a password change, which ends every other session',
      async ({ onA, onB, password }) => {
        const ended = [device(onB)];
        const change = { currentPassword: password, newPassword: 'a brand new passphrase' };
        const res = await onA.gql(CHANGE_PASSWORD, { input: change });
        expect(res.errors).toBeUndefined();
        onA.accessToken = res.data!.changePassword.accessToken;
        return { ended, kept: [onA] };
      },
    ],
    [
      'reuse of a rotated refresh token',
      async ({ onA, onB }) => {
        const stolen = onA.cookie!;
        expect((await onA.refresh()).errors).toBeUndefined();
        expect((await onA.refresh()).errors).toBeUndefined();
        expect((await b().client().gql(ME, undefined, { token: onA.accessToken })).errors).toBeUndefined();
        const ended = [device(onA)];
        // The first token, replayed after its successor itself rotated: theft.
        const replay = await a().client().gql(REFRESH, undefined, { cookie: stolen, token: null });
        expect(errorCode(replay)).toBe('UNAUTHENTICATED');
        return { ended, kept: [onB] };
      },
    ],
  ])('ends on both instances the sessions ended by %s on A: at once on A, within 5 s on B', async (_how, end) => {
    const { ended, kept } = await end(await signedInOnBoth());
    for (const { token } of ended) {
      expect(errorCode(await a().client().gql(ME, undefined, { token }))).toBe('UNAUTHENTICATED');
    }
    // B may answer from its session cache until SESSION_CACHE_TTL (at most 5 s) has passed. Both
    // clocks move together, as synchronised servers' do: a skew between instances is another test.
    for (const instance of [a(), b()]) instance.advance(b().config.sessionCacheTtlMs + 1);
    for (const { token, cookie } of ended) {
      expect(errorCode(await b().client().gql(ME, undefined, { token }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await b().client().gql(REFRESH, undefined, { cookie, token: null }))).toBe('UNAUTHENTICATED');
    }
    for (const client of kept) {
      expect((await b().client().gql(ME, undefined, { token: client.accessToken })).errors).toBeUndefined();
    }
  });

  it('lets only the new password sign in on the other instance after a change on A', async () => {
    const { onA, email, password } = await signedInOnBoth();
    const change = { currentPassword: password, newPassword: 'a brand new passphrase' };
    expect((await onA.gql(CHANGE_PASSWORD, { input: change })).errors).toBeUndefined();
    expect(errorCode(await b().client().login(email, password))).toBe('UNAUTHENTICATED');
    expect((await b().client().login(email, change.newPassword)).errors).toBeUndefined();
  });

  it('counts login failures alternating between instances against one limit', async () => {
    const { email, password } = await a().client().register();
    const ip = '203.0.113.77';
    for (let i = 0; i < 4; i += 1) {
      const server = i % 2 === 0 ? a : b;
      expect(errorCode(await server().client({ ip }).login(email, `wrong ${i}`))).toBe('UNAUTHENTICATED');
    }
    expect(errorCode(await a().client({ ip }).login(email, password))).toBe('RATE_LIMITED');
    expect(errorCode(await b().client({ ip }).login(email, password))).toBe('RATE_LIMITED');
  });

  it('counts 10 concurrent failures split across instances against one limit: none slips past it', async () => {
    const { email } = await a().client().register();
    const ip = '203.0.113.78';
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b)().client({ ip }).login(email, `wrong ${i}`)),
    );
    const codes = burst.map(errorCode);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(4);
    expect(codes.filter((code) => code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(6);
  });

  it('lets exactly one of 20 concurrent refreshes split across instances rotate', async () => {
    const client = a().client();
    const { user } = await client.register();
    const parent = client.cookie!;
    const sessionId = sid(client);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b)().client().gql(REFRESH, undefined, { cookie: parent, token: null }),
      ),
    );
    expect(results.map(errorCode).filter(Boolean)).toEqual([]);
    expect(new Set(results.map(setRefreshToken)).size).toBe(1);
    const { RefreshToken, Session } = a().db.models;
    expect(await RefreshToken.countDocuments({ parentId: tokenHash(parent) })).toBe(1);
    expect(await RefreshToken.countDocuments({ sessionId })).toBe(2); // the first token and its one successor
    expect(await Session.countDocuments({ userId: new Types.ObjectId(user.id) })).toBe(1);
  });
});
