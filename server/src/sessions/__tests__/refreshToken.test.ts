import {
  errorCode,
  setRefreshToken,
  tokenHash,
  useTestServer,
  withTestServer,
  uniqueEmail,
} from '../../testing/testServer';
import { REFRESH, REGISTER, SESSIONS, ME } from '../../testing/operations';
import type { TestClient, TestServer } from '../../testing/testServer';
import { jwtClaims } from '../../testing/forgedJwt';

/** Refreshes and fails the test at once if that did not rotate, so later steps never build on a refusal. */
async function rotated(client: TestClient): Promise<string> {
  const res = await client.refresh();
  expect(res.errors).toBeUndefined();
  return client.cookie!;
}

describe('refreshToken', () => {
  const server = useTestServer();

  /** How many tokens the token `parent` rotated into. */
  const successorsOf = (parent: string) =>
    server().db.models.RefreshToken.countDocuments({ parentId: tokenHash(parent) });

  it('sets the refresh cookie HttpOnly, SameSite=Strict, Path=/graphql with Max-Age of the session life', async () => {
    const res = await server()
      .client()
      .gql(REGISTER, { input: { email: uniqueEmail(), password: 'long enough pw' } });
    const cookie = res.setCookies.find((c) => c.startsWith('refresh_token='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/graphql/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie!)?.[1]);
    // Default idle TTL is 7 days: the cookie lives as long as the session.
    expect(maxAge).toBeGreaterThan(7 * 24 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(7 * 24 * 3600);
  });

  it('stores only a hash of the refresh token', async () => {
    const client = server().client();
    await client.register();
    const token = client.cookie!;
    expect(await server().db.models.RefreshToken.countDocuments({ _id: token })).toBe(0);
    expect(await server().db.models.RefreshToken.countDocuments({ _id: tokenHash(token) })).toBe(1);
  });

  it('rotates: issues a new refresh token and a working access token, and needs no Authorization header', async () => {
    const client = server().client();
    await client.register();
    const first = client.cookie!;
    const res = await client.gql(REFRESH, undefined, { token: null });
    expect(res.errors).toBeUndefined();
    expect(client.cookie).toBeDefined();
    expect(client.cookie).not.toBe(first);
    const me = await client.gql(ME, undefined, { token: res.data!.refreshToken.accessToken });
    expect(me.errors).toBeUndefined();
  });

  it('gives the same successor to a replay within the reuse interval, without a second rotation', async () => {
    const client = server().client();
    await client.register();
    const original = client.cookie!;
    const successor = await rotated(client);
    const replay = await client.gql(REFRESH, undefined, { cookie: original, token: null });
    expect(replay.errors).toBeUndefined();
    expect(setRefreshToken(replay)).toBe(successor);
    expect(await successorsOf(original)).toBe(1);
    // The chain stays single: the successor still works and rotates on.
    client.cookie = successor;
    await rotated(client);
  });

  it('revokes the whole session when a rotated token is replayed after the interval, and logs it', async () => {
    const client = server().client();
    await client.register();
    const original = client.cookie!;
    const successor = await rotated(client);
    const access = client.accessToken!;
    server().advance(server().config.refresh.reuseIntervalMs + 1);
    const replay = await client.gql(REFRESH, undefined, { cookie: original, token: null });
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
    // Every token of the session stops working: the successor and the access token.
    expect(errorCode(await client.gql(REFRESH, undefined, { cookie: successor, token: null }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await client.gql(ME, undefined, { token: access }))).toBe('UNAUTHENTICATED');
    expect(server().logs.some((l) => l.event === 'refresh_token_reuse')).toBe(true);
  });

  it('treats a replay of a token whose successor already rotated as theft', async () => {
    const client = server().client();
    await client.register();
    const original = client.cookie!;
    await rotated(client);
    await rotated(client);
    const replay = await client.gql(REFRESH, undefined, { cookie: original, token: null });
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
    expect(errorCode(await client.refresh())).toBe('UNAUTHENTICATED');
  });

  it('lets exactly one of 20 concurrent refreshes of one token rotate, and all get the same successor', async () => {
    const client = server().client();
    await client.register();
    const token = client.cookie!;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.gql(REFRESH, undefined, { cookie: token, token: null })),
    );
    expect(results.map(errorCode).filter(Boolean)).toEqual([]);
    expect(new Set(results.map(setRefreshToken)).size).toBe(1);
    expect(await successorsOf(token)).toBe(1);
    const sessions = await client.gql(SESSIONS, undefined, { token: results[0]!.data!.refreshToken.accessToken });
    expect(sessions.data?.sessions).toHaveLength(1);
  });

  it('reads the first of two refresh_token cookies and rotates it once', async () => {
    // guards: a duplicated cookie name must neither rotate a token twice nor let a second copy through
    const client = server().client();
    await client.register();
    const token = client.cookie!;
    const twice = await client.gql(REFRESH, undefined, {
      cookie: null,
      token: null,
      headers: { cookie: `refresh_token=${token}; refresh_token=${token}` },
    });
    expect(twice.errors).toBeUndefined();
    expect(await successorsOf(token)).toBe(1);
    const junkFirst = await client.gql(REFRESH, undefined, {
      cookie: null,
      token: null,
      headers: { cookie: `refresh_token=junk; refresh_token=${token}` },
    });
    expect(errorCode(junkFirst)).toBe('UNAUTHENTICATED');
    expect(await successorsOf(token)).toBe(1);
  });

  it('lets a crash between inserting the successor and extending the session heal on a retry of the same token', async () => {
    const client = server().client();
    const { accessToken } = await client.register();
    const parent = client.cookie!;
    const { Session } = server().db.models;
    const sid = jwtSid(accessToken);
    const before = (await Session.findById(sid).lean())!;
    // The state such a crash leaves: the successor is stored, the session is as before, the answer never arrived.
    const lost = await rotated(client);
    await Session.updateOne(
      { _id: sid },
      { lastUsedAt: before.lastUsedAt, idleExpiresAt: before.idleExpiresAt, expiresAt: before.expiresAt },
    );

    const retry = await client.gql(REFRESH, undefined, { cookie: parent, token: null });
    expect(retry.errors).toBeUndefined();
    expect(setRefreshToken(retry)).toBe(lost);
    expect(await successorsOf(parent)).toBe(1);
    await rotated(client);
  });

  it('refuses a missing, malformed or unknown refresh cookie with UNAUTHENTICATED and clears it', async () => {
    const client = server().client();
    for (const cookie of [null, 'garbage', 'A'.repeat(43)]) {
      const res = await client.gql(REFRESH, undefined, { cookie, token: null });
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(res.setCookies.join()).toMatch(/refresh_token=;.*Path=\/graphql/);
    }
  });
});

describe('refreshToken over a session’s lifetime', () => {
  // Real lifetimes: the server's clock moves forward instead of the test sleeping. A server of its
  // own per test, so no other test's jump in time is already on its clock.
  const DAY = 24 * 3600 * 1000;

  it('extends the idle expiry on each refresh but never past the absolute expiry', async () => {
    await withTestServer({ REFRESH_IDLE_TTL: '7d', REFRESH_ABSOLUTE_TTL: '10d' }, async (server) => {
      const client = server.client();
      await client.register();
      server.advance(5 * DAY);
      await rotated(client); // idle extended to day 10 (day 12, capped by the absolute expiry)
      server.advance(4 * DAY);
      await rotated(client); // day 9: past the first idle expiry (day 7), inside both current ones
      server.advance(1.5 * DAY);
      expect(errorCode(await client.refresh())).toBe('UNAUTHENTICATED'); // day 10.5: absolute expiry passed
    });
  });

  it('ends an idle session after REFRESH_IDLE_TTL without use', async () => {
    await withTestServer({}, async (server) => {
      const client = server.client();
      await client.register();
      server.advance(server.config.refresh.idleTtlMs + 1);
      expect(errorCode(await client.refresh())).toBe('UNAUTHENTICATED');
    });
  });

  // Session writes are coalesced: last-used moves only in steps of 1/20 of the idle lifetime, at most a minute.
  it('leaves last-used as it was for refreshes inside one step', async () => {
    await withTestServer({}, async (server) => {
      const client = server.client();
      const { accessToken } = await client.register();
      const created = await lastUsed(server, accessToken);
      await rotated(client);
      await rotated(client);
      expect(await lastUsed(server, accessToken)).toBe(created); // a step is a minute here
    });
  });

  it('moves last-used on the first refresh after one step', async () => {
    await withTestServer({}, async (server) => {
      const client = server.client();
      const { accessToken } = await client.register();
      const created = await lastUsed(server, accessToken);
      server.advance(60_000); // a step is a minute here
      await rotated(client);
      expect((await lastUsed(server, accessToken)) - created).toBeGreaterThanOrEqual(60_000);
    });
  });

  it('with REFRESH_REUSE_INTERVAL=0 treats any replay as theft', async () => {
    await withTestServer({ REFRESH_REUSE_INTERVAL: '0' }, async (server) => {
      const client = server.client();
      await client.register();
      const original = client.cookie!;
      await rotated(client);
      const replay = await client.gql(REFRESH, undefined, { cookie: original, token: null });
      expect(errorCode(replay)).toBe('UNAUTHENTICATED');
      expect(errorCode(await client.refresh())).toBe('UNAUTHENTICATED');
    });
  });
});

const jwtSid = (accessToken: string) => String(jwtClaims(accessToken).sid);

/** When the session behind `accessToken` was last used, as stored (ms since epoch). */
async function lastUsed(server: TestServer, accessToken: string): Promise<number> {
  return (await server.db.models.Session.findById(jwtSid(accessToken)).lean())!.lastUsedAt.getTime();
}
