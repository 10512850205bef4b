import { randomUUID } from 'node:crypto';
import { bearerToken, createAccessTokens } from '../tokens';
import type { Clock } from '../../clock';
import { loadConfig } from '../../config';
import { print } from 'graphql';
import { errorCode, useTestServer, TEST_SECRET } from '../../testing/testServer';
import { CHANGE_PASSWORD, ME, SESSIONS } from '../../testing/operations';
import type { TestClient } from '../../testing/testServer';
import { b64url, jwtClaims, jwtWith } from '../../testing/forgedJwt';

const unitConfig = (overrides: Record<string, string> = {}) =>
  loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: 'mongodb://127.0.0.1:27017/unit',
    JWT_ACCESS_SECRET: TEST_SECRET,
    ACCESS_TOKEN_ALG: 'HS256',
    ...overrides,
  });

/** A clock that stands still until moved, so a test knows the exact instant a token was issued. */
function stoppedClock(start = new Date()): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

describe('createAccessTokens under HS256', () => {
  const clock = stoppedClock();
  const tokens = createAccessTokens(unitConfig(), clock, null);

  it('issues an HS256 token whose claims verify back: sub, sid, jti, iat, exp', async () => {
    const now = clock.now();
    const { token, expiresAt } = await tokens.issue('user-1', 'session-1');
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
    const claims = await tokens.verify(token);
    expect(claims).toMatchObject({ sub: 'user-1', sid: 'session-1', iat: Math.floor(now.getTime() / 1000) });
    expect(claims?.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims?.exp).toBe(Math.floor((now.getTime() + 15 * 60 * 1000) / 1000));
    expect(expiresAt.getTime()).toBe(claims!.exp * 1000);
    expect(jwtClaims(token)).toMatchObject({ iss: 'graphql-session-auth', aud: 'graphql-session-auth-api' });
  });

  it('gives every token a distinct jti', async () => {
    const a = await tokens.verify((await tokens.issue('u', 's')).token);
    const b = await tokens.verify((await tokens.issue('u', 's')).token);
    expect(a?.jti).not.toBe(b?.jti);
  });

  it('verifies a token until ACCESS_TOKEN_TTL has passed by the clock, and returns null from then on', async () => {
    const later = stoppedClock();
    const expiring = createAccessTokens(unitConfig(), later, null);
    const { token } = await expiring.issue('u', 's');
    later.advance(15 * 60 * 1000 - 1000);
    expect(await expiring.verify(token)).not.toBeNull();
    later.advance(1000);
    expect(await expiring.verify(token)).toBeNull();
  });

  it('returns null for a token of another secret, issuer or audience', async () => {
    const other = async (env: Record<string, string>) =>
      (await createAccessTokens(unitConfig(env), clock, null).issue('u', 's')).token;
    expect(await tokens.verify(await other({ JWT_ACCESS_SECRET: `${TEST_SECRET}-other` }))).toBeNull();
    expect(await tokens.verify(await other({ JWT_ISSUER: 'someone-else' }))).toBeNull();
    expect(await tokens.verify(await other({ JWT_AUDIENCE: 'another-api' }))).toBeNull();
  });

  it('returns null, never throws, for junk and for tokens longer than 2048 characters', async () => {
    const long = `${(await tokens.issue('u', 's')).token}${'A'.repeat(2048)}`;
    for (const junk of ['', 'a.b.c', '...', 'not a token', long]) {
      expect(await tokens.verify(junk)).toBeNull();
    }
  });

  it('returns null for a correctly signed token that lacks sid', async () => {
    const now = Math.floor(clock.now().getTime() / 1000);
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
    expect(await tokens.verify(token)).toBeNull();
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

describe('an HS256 access token presented to me, sessions and changePassword', () => {
  // No session cache, so a change made behind the server's back (a deleted user) shows at once.
  const server = useTestServer({ SESSION_CACHE_TTL: '0', ACCESS_TOKEN_ALG: 'HS256' });

  interface SignedIn {
    client: TestClient;
    userId: string;
    sessionId: string;
    email: string;
    password: string;
  }
  async function signUp(): Promise<SignedIn> {
    const client = server().client();
    const { user, accessToken, email, password } = await client.register();
    return { client, userId: user.id, sessionId: String(jwtClaims(accessToken).sid), email, password };
  }
  let alice: SignedIn;
  let bob: SignedIn;
  beforeAll(async () => {
    alice = await signUp();
    bob = await signUp();
  });

  const HS256 = { alg: 'HS256', typ: 'JWT' };
  /** Alice's claims as the server would issue them now, with `overrides`. */
  function claims(overrides: Record<string, unknown> = {}) {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: alice.userId,
      sid: alice.sessionId,
      jti: randomUUID(),
      iat: now,
      exp: now + 600,
      iss: 'graphql-session-auth',
      aud: 'graphql-session-auth-api',
      ...overrides,
    };
  }

  /** The code each operation that needs a viewer answers with `token`. */
  async function codesFor(token: string) {
    const client = server().client();
    const newPassword = { currentPassword: alice.password, newPassword: 'attacker chosen password' };
    return [
      errorCode(await client.gql(ME, undefined, { token })),
      errorCode(await client.gql(SESSIONS, undefined, { token })),
      errorCode(await client.gql(CHANGE_PASSWORD, { input: newPassword }, { token })),
    ];
  }

  it('accepts a correct HS256 token built by the same hand that builds the forgeries', async () => {
    const res = await server()
      .client()
      .gql(ME, undefined, { token: jwtWith(HS256, claims(), TEST_SECRET) });
    expect(res.data?.me.id).toBe(alice.userId);
  });

  it.each<[string, () => string | Promise<string>]>([
    ['alg none with no signature', () => jwtWith({ alg: 'none', typ: 'JWT' }, claims(), null)],
    ['alg NONE (a case variant) with no signature', () => jwtWith({ alg: 'NONE' }, claims(), null)],
    ['alg HS512 signed with the right key', () => jwtWith({ alg: 'HS512' }, claims(), TEST_SECRET, 'sha512')],
    ['alg HS384 signed with the right key', () => jwtWith({ alg: 'HS384' }, claims(), TEST_SECRET, 'sha384')],
    [
      'alg RS256 "signed" with the HMAC secret as its public key',
      () => jwtWith({ alg: 'RS256' }, claims(), TEST_SECRET),
    ],
    ['HS256 signed with another secret', () => jwtWith(HS256, claims(), `${TEST_SECRET}-not`)],
    [
      'a kid pointing at /dev/null, signed with an empty key',
      () => jwtWith({ ...HS256, kid: '../../../../dev/null' }, claims(), ''),
    ],
    [
      'a kid pointing at the process environment',
      () => jwtWith({ ...HS256, kid: '/proc/self/environ' }, claims(), 'x'),
    ],
    [
      'a jku pointing at a key set on loopback',
      () => jwtWith({ ...HS256, jku: 'http://127.0.0.1:1/jwks.json' }, claims(), 'attacker key'),
    ],
    ['another audience, signed with the right key', () => jwtWith(HS256, claims({ aud: 'another-api' }), TEST_SECRET)],
    ['another issuer, signed with the right key', () => jwtWith(HS256, claims({ iss: 'someone-else' }), TEST_SECRET)],
    ['no audience or issuer at all', () => jwtWith(HS256, claims({ aud: undefined, iss: undefined }), TEST_SECRET)],
    ['an expired token', () => jwtWith(HS256, claims({ exp: Math.floor(Date.now() / 1000) - 10 }), TEST_SECRET)],
    ['the signature stripped', () => `${jwtWith(HS256, claims(), TEST_SECRET).split('.').slice(0, 2).join('.')}.`],
    [
      'another user’s claims under my valid signature',
      () => {
        const [header, , signature] = jwtWith(HS256, claims(), TEST_SECRET).split('.');
        return `${header}.${b64url(claims({ sub: bob.userId, sid: bob.sessionId }))}.${signature}`;
      },
    ],
    [
      'my sub with the sid of another user’s session',
      () => jwtWith(HS256, claims({ sid: bob.sessionId }), TEST_SECRET),
    ],
    ['another user’s sub with my sid', () => jwtWith(HS256, claims({ sub: bob.userId }), TEST_SECRET)],
    ['a sub that is not an ObjectId', () => jwtWith(HS256, claims({ sub: { $ne: null } }), TEST_SECRET)],
    ['a sid that is an operator object', () => jwtWith(HS256, claims({ sid: { $ne: null } }), TEST_SECRET)],
    ['a sid of a session that never existed', () => jwtWith(HS256, claims({ sid: 'A'.repeat(22) }), TEST_SECRET)],
    [
      'the genuine token of a user whose account was deleted',
      async () => {
        const gone = await signUp();
        await server().db.models.User.deleteOne({ email: gone.email });
        return gone.client.accessToken!;
      },
    ],
    [
      'a token signed now for a session a password change ended from another session',
      async () => {
        const carol = await signUp();
        const other = server().client();
        await other.login(carol.email, carol.password);
        const change = { currentPassword: carol.password, newPassword: 'a changed password' };
        expect((await carol.client.gql(CHANGE_PASSWORD, { input: change })).errors).toBeUndefined();
        const ended = { sub: carol.userId, sid: String(jwtClaims(other.accessToken!).sid) };
        return jwtWith(HS256, claims(ended), TEST_SECRET);
      },
    ],
  ])('refuses %s with UNAUTHENTICATED on every operation', async (_forgery, forge) => {
    expect(await codesFor(await forge())).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });

  it('refuses a request without an Authorization header', async () => {
    const res = await server().client().gql(ME, undefined, { token: null });
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
    expect(res.data).toBeNull();
  });

  it('refuses malformed Authorization headers', async () => {
    const { accessToken } = alice.client;
    const twoParts = accessToken!.split('.').slice(0, 2).join('.');
    const bigHeader = b64url({ alg: 'HS256', pad: 'x'.repeat(10 * 1024) }); // 10 KB: under the header size limit
    for (const authorization of [
      `Basic ${accessToken}`,
      'Basic YWRtaW46YWRtaW4=',
      `Bearer ${accessToken} extra`,
      'Bearer',
      'Bearer ....',
      `Bearer ${twoParts}`,
      `Bearer ${bigHeader}.e30.sig`,
    ]) {
      const res = await server().client().gql(ME, undefined, { token: null, headers: { authorization } });
      expect(errorCode(res)).toBe('UNAUTHENTICATED');
    }
  });

  it('answers a 100 KB Authorization header with 431, and keeps serving', async () => {
    // guards: an oversized header is refused by the HTTP parser (431), not by a crash or a 5xx
    const res = await fetch(`${server().url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${alice.client.accessToken}${'A'.repeat(100 * 1024)}`,
      },
      body: JSON.stringify({ query: print(ME) }),
    });
    expect(res.status).toBe(431);
    expect((await alice.client.gql(ME)).errors).toBeUndefined();
  });
});

describe('me with an expired access token', () => {
  const server = useTestServer();

  it('accepts the token while fresh and refuses it once ACCESS_TOKEN_TTL has passed', async () => {
    const client = server().client();
    await client.register();
    expect((await client.gql(ME)).errors).toBeUndefined();
    server().advance(server().config.jwt.accessTtlMs);
    expect(errorCode(await client.gql(ME))).toBe('UNAUTHENTICATED');
  });
});
