import { createHash } from 'node:crypto';
import { startTestServer, errorCode, sleep, SESSIONS, ME, REFRESH } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';

describe('refreshToken', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REFRESH_REUSE_INTERVAL: '2s' });
  });
  afterAll(() => server.close());

  it('sets the refresh cookie HttpOnly, SameSite=Strict, Path=/graphql with Max-Age of the session life', async () => {
    const client = server.client();
    const res = await client.gql(`mutation($input: RegisterInput!) { register(input: $input) { accessToken } }`, {
      input: { email: `cookie${Date.now()}@example.com`, password: 'long enough pw' },
    });
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
    const client = server.client();
    await client.register();
    const token = client.cookie!;
    const byPlain = await server.db.models.RefreshToken.countDocuments({ _id: token });
    const byHash = await server.db.models.RefreshToken.countDocuments({
      _id: createHash('sha256').update(token).digest('base64url'),
    });
    expect(byPlain).toBe(0);
    expect(byHash).toBe(1);
  });

  it('rotates: issues a new refresh token and a working access token, and needs no Authorization header', async () => {
    const client = server.client();
    await client.register();
    const first = client.cookie;
    const res = await client.refresh();
    expect(res.errors).toBeUndefined();
    expect(client.cookie).toBeDefined();
    expect(client.cookie).not.toBe(first);
    const me = await client.gql(ME);
    expect(me.errors).toBeUndefined();
  });

  it('gives the same successor to a replay within the reuse interval, without a second rotation', async () => {
    const client = server.client();
    await client.register();
    const original = client.cookie!;
    const first = await client.refresh();
    const successor = client.cookie;
    const replay = await client.gql(REFRESH, undefined, { cookie: original, token: null });
    expect(replay.errors).toBeUndefined();
    expect(replay.setCookies.join()).toContain(`refresh_token=${successor}`);
    expect(first.data).toBeTruthy();
    // The chain stays single: the successor still works and rotates on.
    client.cookie = successor;
    expect((await client.refresh()).errors).toBeUndefined();
  });

  it('revokes the whole session when a rotated token is replayed after the interval, and logs it', async () => {
    const client = server.client();
    await client.register();
    const original = client.cookie!;
    await client.refresh();
    const successor = client.cookie!;
    const access = client.accessToken!;
    await sleep(2300);
    const replay = await client.gql(REFRESH, undefined, { cookie: original, token: null });
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
    // Every token of the session stops working: the successor and the access token.
    expect(errorCode(await client.gql(REFRESH, undefined, { cookie: successor, token: null }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await client.gql(ME, undefined, { token: access }))).toBe('UNAUTHENTICATED');
    expect(server.logs.some((l) => l.event === 'refresh_token_reuse')).toBe(true);
  });

  it('treats a replay of a token whose successor already rotated as theft', async () => {
    const client = server.client();
    await client.register();
    const original = client.cookie!;
    await client.refresh();
    await client.refresh();
    const replay = await client.gql(REFRESH, undefined, { cookie: original, token: null });
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
    expect(errorCode(await client.refresh())).toBe('UNAUTHENTICATED');
  });

  it('lets exactly one of 20 concurrent refreshes of one token rotate, and all get the same successor', async () => {
    const client = server.client();
    await client.register();
    const token = client.cookie!;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => client.gql(REFRESH, undefined, { cookie: token, token: null })),
    );
    const successors = new Set(
      results.map((r) => r.setCookies.map((c) => /^refresh_token=([^;]+)/.exec(c)?.[1]).find(Boolean)),
    );
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    expect(successors.size).toBe(1);
    const records = await server.db.models.RefreshToken.countDocuments({
      parentId: createHash('sha256').update(token).digest('base64url'),
    });
    expect(records).toBe(1);
    client.accessToken = results[0]!.data!.refreshToken
      ? (results[0]!.data!.refreshToken as { accessToken: string }).accessToken
      : undefined;
    const sessions = await client.gql<{ sessions: unknown[] }>(SESSIONS);
    expect(sessions.data?.sessions).toHaveLength(1);
  });

  it('refuses a missing, malformed or unknown refresh cookie with UNAUTHENTICATED and clears it', async () => {
    const client = server.client();
    for (const cookie of [null, 'garbage', 'A'.repeat(43)]) {
      const res = await client.gql(REFRESH, undefined, { cookie, token: null });
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
      expect(res.setCookies.join()).toMatch(/refresh_token=;.*Path=\/graphql/);
    }
  });

  it('extends the idle expiry on each refresh but never past the absolute expiry', async () => {
    const short = await startTestServer({ REFRESH_IDLE_TTL: '3s', REFRESH_ABSOLUTE_TTL: '5s' });
    try {
      const client = short.client();
      await client.register();
      await sleep(2000);
      expect((await client.refresh()).errors).toBeUndefined(); // idle extended to t+5 (capped by absolute)
      await sleep(2000);
      expect((await client.refresh()).errors).toBeUndefined(); // t=4: still inside both
      await sleep(1500);
      expect(errorCode(await client.refresh())).toBe('UNAUTHENTICATED'); // t=5.5: absolute expiry passed
    } finally {
      await short.close();
    }
  });

  it('coalesces session writes: last-used moves only in steps of at least 1/20 of the idle lifetime', async () => {
    const touchy = await startTestServer({ REFRESH_IDLE_TTL: '20s' }); // steps of 1 s
    try {
      const client = touchy.client();
      await client.register();
      const lastUsed = async () => (await touchy.db.models.Session.findOne({}).lean())!.lastUsedAt.getTime();
      const created = await lastUsed();
      await client.refresh();
      await client.refresh();
      const early = await lastUsed();
      expect(early === created || early - created >= 1000).toBe(true);
      await sleep(1100);
      expect((await client.refresh()).errors).toBeUndefined();
      expect((await lastUsed()) - created).toBeGreaterThanOrEqual(1000);
    } finally {
      await touchy.close();
    }
  });

  it('ends an idle session after REFRESH_IDLE_TTL without use', async () => {
    const short = await startTestServer({ REFRESH_IDLE_TTL: '1s', REFRESH_ABSOLUTE_TTL: '1h' });
    try {
      const client = short.client();
      await client.register();
      await sleep(1300);
      expect(errorCode(await client.refresh())).toBe('UNAUTHENTICATED');
    } finally {
      await short.close();
    }
  });

  it('with REFRESH_REUSE_INTERVAL=0 treats any replay as theft', async () => {
    const strict = await startTestServer({ REFRESH_REUSE_INTERVAL: '0' });
    try {
      const client = strict.client();
      await client.register();
      const original = client.cookie!;
      await client.refresh();
      expect(errorCode(await client.gql(REFRESH, undefined, { cookie: original, token: null }))).toBe(
        'UNAUTHENTICATED',
      );
      expect(errorCode(await client.refresh())).toBe('UNAUTHENTICATED');
    } finally {
      await strict.close();
    }
  });
});
