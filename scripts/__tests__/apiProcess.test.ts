import { testDatabaseUri, TEST_SECRET } from '../../server/src/testing/testServer';
import { verifyWithJwks } from '../../server/src/testing/remoteVerifier';
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

  it('signs ES256 tokens in development that a separate process verifies through the JWKS URL alone', async () => {
    const port = await freePort();
    const api = start('api', 'node_modules/.bin/tsx', ['server/src/index.ts'], {
      env: { ...process.env, PORT: String(port), MONGODB_URI: testDatabaseUri(), NODE_ENV: 'development' },
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${base}/healthz`, api, 30_000);
      const register = `mutation { register(input: { email: "jwks-${port}@example.com", password: "a long passphrase of ours" }) { accessToken user { id } } }`;
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: register }),
      });
      const { data } = (await res.json()) as { data: { register: { accessToken: string; user: { id: string } } } };
      const verdict = await verifyWithJwks(data.register.accessToken, {
        jwksUrl: `${base}/.well-known/jwks.json`,
        issuer: 'graphql-session-auth',
        audience: 'graphql-session-auth-api',
      });
      expect(verdict).toMatchObject({
        verified: true,
        payload: { sub: data.register.user.id },
        protectedHeader: { alg: 'ES256' },
      });
    } finally {
      await api.stop();
    }
  });

  it('refuses to start in production without a 32-byte JWT_ACCESS_SECRET, naming the variable', async () => {
    const api = start('api', 'node_modules/.bin/tsx', ['server/src/index.ts'], {
      env: { ...process.env, NODE_ENV: 'production', MONGODB_URI: testDatabaseUri(), JWT_ACCESS_SECRET: 'too-short' },
    });
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain('JWT_ACCESS_SECRET must be at least 32 bytes');
  });
});
