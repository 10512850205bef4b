// guards: a changed REFRESH_TOKEN_SECRET cannot fork a rotated chain (issue 10 §3). A token
// that already has a child gets no second one, whatever key derives it: the replay is reuse.
import { ME, REFRESH } from '../../testing/operations';
import { errorCode, startTestServer } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';

const SECRET_A = 'refresh-secret-before-the-incident-0123456789';
const SECRET_B = 'refresh-secret-after-the-incident-9876543210';

describe('refreshToken after REFRESH_TOKEN_SECRET changed', () => {
  let before: TestServer;
  let after: TestServer;
  beforeAll(async () => {
    before = await startTestServer({ REFRESH_TOKEN_SECRET: SECRET_A });
    // The same database, restarted with another secret, the old one kept to recognise replays.
    after = await startTestServer({
      REFRESH_TOKEN_SECRET: SECRET_B,
      REFRESH_TOKEN_SECRET_PREVIOUS: SECRET_A,
      MONGODB_URI: before.config.mongodbUri,
    });
  });
  afterAll(async () => {
    await after.close();
    await before.close();
  });

  it('refuses a rotated token replayed under the new secret and revokes its session', async () => {
    const client = before.client();
    const { user } = await client.register();
    await client.refresh();
    const rotated = client.cookie!;
    expect((await client.refresh()).errors).toBeUndefined();
    const newest = client.cookie!;

    const replay = await after.client().gql(REFRESH, undefined, { cookie: rotated, token: null });
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');

    expect(await after.db.models.Session.countDocuments({ userId: user.id })).toBe(0);
    expect(errorCode(await after.client().gql(REFRESH, undefined, { cookie: newest, token: null }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(after.logs.some((line) => line.event === 'refresh_token_reuse')).toBe(true);
  });

  it('revokes the session when a token pruned before the change is replayed after the chain moved on', async () => {
    const client = before.client();
    const { user } = await client.register();
    const first = client.cookie!;
    // Two rotations under the old secret: the first token's record is pruned.
    for (let i = 0; i < 2; i++) expect((await client.refresh()).errors).toBeUndefined();
    const viaAfter = after.client();
    viaAfter.cookie = client.cookie;
    // Three more under the new one: every token the old secret derived is pruned or spent.
    for (let i = 0; i < 3; i++) expect((await viaAfter.refresh()).errors).toBeUndefined();

    const replay = await after.client().gql(REFRESH, undefined, { cookie: first, token: null });
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
    expect(await after.db.models.Session.countDocuments({ userId: user.id })).toBe(0);
    expect(errorCode(await viaAfter.refresh())).toBe('UNAUTHENTICATED');
  });

  it('keeps rotating a live chain under the new secret', async () => {
    const client = before.client();
    await client.register();
    expect((await client.refresh()).errors).toBeUndefined();
    const viaAfter = after.client();
    viaAfter.cookie = client.cookie;
    expect((await viaAfter.refresh()).errors).toBeUndefined();
    expect((await viaAfter.refresh()).errors).toBeUndefined();
    expect((await viaAfter.gql(ME)).errors).toBeUndefined();
  });
});
