// guards: refresh flooding (issue 10 §8): rotations are limited per session, and a session
// keeps two token records (the newest and its parent) however often it rotates.
import { ME, REFRESH, errorCode, startTestServer } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';

describe('refreshToken limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REFRESH_MAX_PER_SESSION: '4' });
  });
  afterAll(() => server.close());

  it('rotates REFRESH_MAX_PER_SESSION times per window, then answers RATE_LIMITED and keeps the session', async () => {
    const client = server.client();
    await client.register();
    for (let i = 0; i < 4; i++) expect((await client.refresh()).errors).toBeUndefined();
    const cookie = client.cookie;
    expect(errorCode(await client.refresh())).toBe('RATE_LIMITED');
    expect(client.cookie).toBe(cookie);
    expect((await client.gql(ME)).errors).toBeUndefined();
  });

  it('keeps only the newest token and its parent', async () => {
    const client = server.client();
    const { user } = await client.register();
    const first = client.cookie!;
    for (let i = 0; i < 3; i++) await client.refresh();
    expect(await server.db.models.RefreshToken.countDocuments({ userId: user.id })).toBe(2);
    // A pruned ancestor is an unknown token: refused, and the live chain goes on.
    expect(errorCode(await server.client().gql(REFRESH, undefined, { cookie: first, token: null }))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await client.refresh()).errors).toBeUndefined();
  });
});
