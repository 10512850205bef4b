import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOwnDatabase, waitFor } from '../testing/processes';
import { startTestServer, errorCode, ME } from '../testing/testServer';

describe('when the database goes down', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'outage-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('fails fast with SERVICE_UNAVAILABLE, reports 503 on /readyz, and recovers by itself with nothing lost', async () => {
    let db = await startOwnDatabase(dataDir);
    const server = await startTestServer({ MONGODB_URI: `${db.uri}outage`, DB_OPERATION_TIMEOUT: '2s' });
    try {
      const client = server.client();
      const { email, password } = await client.register();
      expect((await client.gql(ME)).errors).toBeUndefined();

      db.child.kill('SIGINT');
      await db.exited;

      const started = Date.now();
      const during = await client.gql(ME);
      const elapsed = Date.now() - started;
      expect(errorCode(during)).toBe('SERVICE_UNAVAILABLE');
      expect(during.errors?.[0]?.message).not.toMatch(/mongo|ECONNREFUSED|127\.0\.0\.1/i);
      expect(elapsed).toBeLessThan(10_000); // bounded by server selection (3 s), never a hang
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      db = await startOwnDatabase(dataDir, db.port);
      await waitFor(
        async () => ((await fetch(`${server.url}/readyz`)).status === 200 ? true : undefined),
        30_000,
        'readyz to recover',
      );
      expect((await client.gql(ME)).errors).toBeUndefined();
      expect((await server.client().login(email, password)).errors).toBeUndefined();
    } finally {
      await server.close();
      db.child.kill('SIGINT');
      await db.exited;
    }
  });
});
