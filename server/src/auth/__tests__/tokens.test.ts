import { randomUUID } from 'node:crypto';
import { bearerToken, createAccessTokens } from '../tokens';
import { loadConfig } from '../../config';
import { startTestServer, errorCode, sleep, ME, SESSIONS, TEST_SECRET } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';
import { b64url, jwtWith } from '../../testing/forgedJwt';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

const unitConfig = (overrides: Record<string, string> = {}) =>
  loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: 'mongodb://127.0.0.1:27017/unit',
    JWT_ACCESS_SECRET: TEST_SECRET,
    ...overrides,
  });

describe('createAccessTokens', () => {
  const tokens = createAccessTokens(unitConfig());

  it('issues an HS256 token whose claims verify back: sub, sid, jti, iat, exp', () => {
    const now = new Date();
    const { token, expiresAt } = tokens.issue('user-1', 'session-1', now);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
    const claims = tokens.verify(token);
    expect(claims).toMatchObject({ sub: 'user-1', sid: 'session-1', iat: Math.floor(now.getTime() / 1000) });
    expect(claims?.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims?.exp).toBe(Math.floor((now.getTime() + 15 * 60 * 1000) / 1000));
    expect(expiresAt.getTime()).toBe(claims!.exp * 1000);
    expect(claimsOf(token)).toMatchObject({ iss: 'graphql-session-auth', aud: 'graphql-session-auth-api' });
  });

  it('gives every token a distinct jti', () => {
    const a = tokens.verify(tokens.issue('u', 's').token);
    const b = tokens.verify(tokens.issue('u', 's').token);
    expect(a?.jti).not.toBe(b?.jti);
  });

  it('returns null for a token issued so long ago that it expired', () => {
    const { token } = tokens.issue('u', 's', new Date(Date.now() - 16 * 60 * 1000));
    expect(tokens.verify(token)).toBeNull();
  });

  it('returns null for a token of another secret, issuer or audience', () => {
    const other = (env: Record<string, string>) => createAccessTokens(unitConfig(env)).issue('u', 's').token;
    expect(tokens.verify(other({ JWT_ACCESS_SECRET: `${TEST_SECRET}-other` }))).toBeNull();
    expect(tokens.verify(other({ JWT_ISSUER: 'someone-else' }))).toBeNull();
    expect(tokens.verify(other({ JWT_AUDIENCE: 'another-api' }))).toBeNull();
  });

  it('returns null, never throws, for junk and for tokens longer than 2048 characters', () => {
    for (const junk of ['', 'a.b.c', '...', 'not a token', `${tokens.issue('u', 's').token}${'A'.repeat(2048)}`]) {
      expect(tokens.verify(junk)).toBeNull();
    }
  });

  it('returns null for a correctly signed token that lacks sid', () => {
    const now = Math.floor(Date.now() / 1000);
    const token = jwtWith(
      { alg: 'HS256', typ: 'JWT' },
      {
        sub: 'u',
        jti: randomUUID(),
        iat: now,
        exp: now + 60,
        iss: 'graphql-session-auth',
        aud: 'graphql-session-auth-api',
      },
      TEST_SECRET,
    );
    expect(tokens.verify(token)).toBeNull();
  });
});

describe('bearerToken', () => {
  it('extracts the token of a Bearer header, ignoring surrounding spaces', () => {
    expect(bearerToken('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(bearerToken('  Bearer aaa.bbb.ccc  ')).toBe('aaa.bbb.ccc');
  });

  it('returns null for a missing, empty, non-Bearer or malformed header', () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'Bearer aaa.bbb',
      'Bearer a.b.c d',
      'Bearer  a.b.c',
      'Token a.b.c',
    ]) {
      expect(bearerToken(header)).toBeNull();
    }
  });
});

describe('me with a forged or unusable access token', () => {
  let server: TestServer;
  beforeAll(async () => {
    // No session cache, so a change made behind the server's back (a deleted user) shows at once.
    server = await startTestServer({ SESSION_CACHE_TTL: '0' });
  });
  afterAll(() => server.close());

  const codeFor = async (token: string) => errorCode(await server.client().gql(ME, undefined, { token }));

  /** A registered user whose genuine token works, so each refusal below is the forgery's doing. */
  async function signedInUser() {
    const client = server.client();
    const { accessToken, user } = await client.register();
    expect((await client.gql(ME)).errors).toBeUndefined();
    return { client, accessToken, user, claims: claimsOf(accessToken) };
  }

  it('refuses a request without an Authorization header', async () => {
    const res = await server.client().gql(ME, undefined, { token: null });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it('refuses malformed Authorization headers', async () => {
    const { accessToken } = await signedInUser();
    const twoParts = accessToken.split('.').slice(0, 2).join('.');
    for (const authorization of [
      `Basic ${accessToken}`,
      `Bearer ${accessToken} extra`,
      'Bearer',
      `Bearer ${twoParts}`,
    ]) {
      const res = await server.client().gql(ME, undefined, { token: null, headers: { authorization } });
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an `alg: none` token', async () => {
    const { claims } = await signedInUser();
    expect(await codeFor(jwtWith({ alg: 'none', typ: 'JWT' }, claims, null))).toBe('UNAUTHENTICATED');
  });

  it('refuses an HS512 token signed with the right secret', async () => {
    const { claims } = await signedInUser();
    expect(await codeFor(jwtWith({ alg: 'HS512', typ: 'JWT' }, claims, TEST_SECRET, 'sha512'))).toBe('UNAUTHENTICATED');
  });

  it('refuses an RS256 header over an HMAC keyed with the secret (public-key confusion)', async () => {
    const { claims } = await signedInUser();
    expect(await codeFor(jwtWith({ alg: 'RS256', typ: 'JWT' }, claims, TEST_SECRET))).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed with another secret', async () => {
    const { claims } = await signedInUser();
    expect(await codeFor(jwtWith({ alg: 'HS256', typ: 'JWT' }, claims, `${TEST_SECRET}-not`))).toBe('UNAUTHENTICATED');
  });

  it('refuses a token for another audience or from another issuer, though signed with the secret', async () => {
    const { claims } = await signedInUser();
    const header = { alg: 'HS256', typ: 'JWT' };
    // Control: re-signing the unchanged claims by hand is accepted, so only aud/iss make the difference.
    expect(await codeFor(jwtWith(header, claims, TEST_SECRET))).toBeUndefined();
    expect(await codeFor(jwtWith(header, { ...claims, aud: 'another-api' }, TEST_SECRET))).toBe('UNAUTHENTICATED');
    expect(await codeFor(jwtWith(header, { ...claims, iss: 'someone-else' }, TEST_SECRET))).toBe('UNAUTHENTICATED');
  });

  it('refuses a token whose payload was edited after signing', async () => {
    const victim = await signedInUser();
    const attacker = await signedInUser();
    const [header, , signature] = attacker.accessToken.split('.');
    const edited = `${header}.${b64url({ ...attacker.claims, sub: victim.user.id })}.${signature}`;
    expect(await codeFor(edited)).toBe('UNAUTHENTICATED');
  });

  it('refuses a token of a user whose account was deleted, on me and on every other field', async () => {
    const { accessToken, user } = await signedInUser();
    await server.db.models.User.deleteOne({ _id: user.id });
    expect(await codeFor(accessToken)).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.client().gql(SESSIONS, undefined, { token: accessToken }))).toBe('UNAUTHENTICATED');
  });

  it('refuses a `kid` pointing at a file, signed with an empty key', async () => {
    const { claims } = await signedInUser();
    const token = jwtWith({ alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' }, claims, '');
    expect(await codeFor(token)).toBe('UNAUTHENTICATED');
  });

  it('refuses a validly signed token that pairs one user with another user’s session', async () => {
    const a = await signedInUser();
    const b = await signedInUser();
    const token = jwtWith(
      { alg: 'HS256', typ: 'JWT' },
      { ...a.claims, sid: b.claims.sid, jti: randomUUID() },
      TEST_SECRET,
    );
    expect(await codeFor(token)).toBe('UNAUTHENTICATED');
  });

  it('refuses a 100 KB Authorization header without a server error, and keeps serving', async () => {
    const { accessToken } = await signedInUser();
    const huge = `Bearer ${accessToken}${'A'.repeat(100 * 1024)}`;
    const status = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: huge },
      body: JSON.stringify({ query: ME }),
    }).then(
      async (res) => (res.status === 200 ? errorCode((await res.json()) as { errors?: [] }) : res.status),
      () => 'connection closed',
    );
    expect([431, 'UNAUTHENTICATED']).toContain(status);
    expect(await codeFor(accessToken)).toBeUndefined();
  });
});

describe('me with an expired access token', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Whole seconds: `exp` is floored, so a 1 s token may live only a few ms (flaky under load).
    server = await startTestServer({ ACCESS_TOKEN_TTL: '3s' });
  });
  afterAll(() => server.close());

  it('accepts the token while fresh and refuses it once ACCESS_TOKEN_TTL has passed', async () => {
    const client = server.client();
    await client.register();
    expect((await client.gql(ME)).errors).toBeUndefined();
    await sleep(3500);
    expect(errorCode(await client.gql(ME))).toBe('UNAUTHENTICATED');
  });
});
