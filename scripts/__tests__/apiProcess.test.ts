import { testDatabaseUri, TEST_SECRET } from '../../server/src/testing/testServer';
import { freePort, start, waitForHttp } from '../lib/processes';

describe('the API process', () => {
  it('starts, answers /healthz and { __typename }, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const api = start('api', 'node_modules/.bin/tsx', ['server/src/index.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        MONGODB_URI: testDatabaseUri(),
        JWT_ACCESS_SECRET: TEST_SECRET,
        NODE_ENV: 'development',
      },
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/healthz`, api, 30_000);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(api.output()).toContain('"msg":"stopped"');
  });

  it('refuses to start in production without a 32-byte JWT_ACCESS_SECRET, naming the variable', async () => {
    const api = start('api', 'node_modules/.bin/tsx', ['server/src/index.ts'], {
      env: { ...process.env, NODE_ENV: 'production', MONGODB_URI: testDatabaseUri(), JWT_ACCESS_SECRET: 'too-short' },
    });
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain('JWT_ACCESS_SECRET must be at least 32 bytes');
  });
});
