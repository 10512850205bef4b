// guards: refresh flooding (issue 10 §8): rotations are limited per session, and a session
// keeps two token records (the newest and its parent) however often it rotates, while a
// replayed ancestor is still detected as theft (RFC 9700 §4.14.2).
import { ME, REFRESH } from '../../testing/operations';
import { errorCode, useTestServer } from '../../testing/testServer';

describe('refreshToken limits', () => {
  const server = useTestServer({ REFRESH_MAX_PER_SESSION: '4' });

  it('rotates REFRESH_MAX_PER_SESSION times per window, then answers RATE_LIMITED and keeps the session', async () => {
    const client = server().client();
    await client.register();
    for (let i = 0; i < 4; i++) expect((await client.refresh()).errors).toBeUndefined();
    const cookie = client.cookie;
    expect(errorCode(await client.refresh())).toBe('RATE_LIMITED');
    expect(client.cookie).toBe(cookie);
    expect((await client.gql(ME)).errors).toBeUndefined();
  });

  it('keeps only the newest token and its parent, and still knows a pruned ancestor for theft', async () => {
    const client = server().client();
    const { user } = await client.register();
    const first = client.cookie!;
    for (let i = 0; i < 3; i++) expect((await client.refresh()).errors).toBeUndefined();
    expect(await server().db.models.RefreshToken.countDocuments({ userId: user.id })).toBe(2);

    const replay = await server().client().gql(REFRESH, undefined, { cookie: first, token: null });
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
    expect(await server().db.models.Session.countDocuments({ userId: user.id })).toBe(0);
    expect(errorCode(await client.refresh())).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown token that belongs to no chain, and revokes nothing', async () => {
    const client = server().client();
    const { user } = await client.register();
    const junk = 'A'.repeat(43);
    expect(errorCode(await server().client().gql(REFRESH, undefined, { cookie: junk, token: null }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await server().db.models.Session.countDocuments({ userId: user.id })).toBe(1);
  });
});
