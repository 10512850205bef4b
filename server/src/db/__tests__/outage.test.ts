import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOwnDatabase, waitFor } from '../../testing/processes';
import { errorCode, startTestServer } from '../../testing/testServer';
import { ME } from '../../testing/operations';
import type { TestClient } from '../../testing/testServer';

/** The code and duration of one request. */
async function timed(request: () => Promise<{ errors?: Array<{ extensions?: Record<string, unknown> }> }>) {
  const started = Date.now();
  const res = await request();
  return { code: errorCode(res), ms: Date.now() - started };
}

describe('when the database goes down', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'outage-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('fails me, login and refreshToken fast with SERVICE_UNAVAILABLE, reports 503 on /readyz, and recovers by itself with nothing lost', async () => {
    let db = await startOwnDatabase(dataDir);
    const server = await startTestServer({ MONGODB_URI: `${db.uri}outage`, DB_OPERATION_TIMEOUT: '2s' });
    try {
      const client: TestClient = server.client();
      const { email, password, user } = await client.register();
      expect((await client.gql(ME)).errors).toBeUndefined();
      const cookie = client.cookie;

      db.child.kill('SIGINT');
      await db.exited;

      const during = {
        me: await timed(() => client.gql(ME)),
        login: await timed(() => server.client().login(email, password)),
        refreshToken: await timed(() => client.refresh()),
      };
      expect({ me: during.me.code, login: during.login.code, refreshToken: during.refreshToken.code }).toEqual({
        me: 'SERVICE_UNAVAILABLE',
        login: 'SERVICE_UNAVAILABLE',
        refreshToken: 'SERVICE_UNAVAILABLE',
      });
      // Bounded by server selection (3 s) or the operation timeout (2 s), never a hang.
      expect(Math.max(during.me.ms, during.login.ms, during.refreshToken.ms)).toBeLessThan(10_000);
      const res = await client.gql(ME);
      expect(res.errors?.[0]?.message).not.toMatch(/mongo|ECONNREFUSED|127\.0\.0\.1/i);
      expect(client.cookie).toBe(cookie); // a refresh the outage refused does not clear the cookie
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      db = await startOwnDatabase(dataDir, db.port);
      await waitFor(
        async () => ((await fetch(`${server.url}/readyz`)).status === 200 ? true : undefined),
        30_000,
        'readyz to recover',
      );
      expect((await client.gql(ME)).errors).toBeUndefined();
      expect((await client.refresh()).errors).toBeUndefined(); // the session outlived the outage
      expect((await server.client().login(email, password)).errors).toBeUndefined();
      expect(await server.db.models.User.countDocuments({ email })).toBe(1);
      expect(await server.db.models.Session.countDocuments({ userId: user.id })).toBe(2);
    } finally {
      await server.close();
      db.child.kill('SIGINT');
      await db.exited;
    }
  });
});
