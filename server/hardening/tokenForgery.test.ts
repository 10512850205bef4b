// Forged access tokens against a running API process. Tokens are built by hand,
// byte by byte, so each forgery is exactly the one named; the first test proves
// the forger itself is right (a correct token built this way is accepted).
import { randomUUID } from 'node:crypto';
import {
  TestClient,
  CHANGE_PASSWORD,
  ME,
  SESSIONS,
  TEST_SECRET,
  errorCode,
  healthy,
  jwtClaims,
  startApi,
  testDatabaseUri,
  unhandledLines,
} from './harness';
import type { ApiProcess } from './harness';
import { b64url, jwtWith } from '../src/testing/forgedJwt';

let api: ApiProcess;
let alice: { client: TestClient; userId: string; sessionId: string; email: string; password: string };
let bob: { client: TestClient; userId: string; sessionId: string };

async function signUp() {
  const client = new TestClient(api.url);
  const { user, accessToken, email, password } = await client.register();
  return { client, userId: user.id, sessionId: String(jwtClaims(accessToken).sid), email, password };
}

beforeAll(async () => {
  api = await startApi({ MONGODB_URI: testDatabaseUri() });
  alice = await signUp();
  bob = await signUp();
});
afterAll(async () => {
  expect(unhandledLines(api.output())).toEqual([]);
  await api.stop();
});

const HS256 = { alg: 'HS256', typ: 'JWT' };
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

async function refused(token: string) {
  const client = new TestClient(api.url);
  const me = await client.gql(ME, undefined, { token });
  const sessions = await client.gql(SESSIONS, undefined, { token });
  const change = await client.gql(
    CHANGE_PASSWORD,
    { input: { currentPassword: alice.password, newPassword: 'attacker chosen password' } },
    { token },
  );
  for (const res of [me, sessions, change]) {
    expect(res.status).toBeLessThan(500);
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  }
  expect(await healthy(api)).toBe(true);
}

describe('access tokens presented to a running API', () => {
  it('accepts a correct HS256 token built by the same hand that builds the forgeries', async () => {
    const res = await new TestClient(api.url).gql<{ me: { id: string } }>(ME, undefined, {
      token: jwtWith(HS256, claims(), TEST_SECRET),
    });
    expect(res.data?.me.id).toBe(alice.userId);
  });

  it.each([
    ['alg none with no signature', () => jwtWith({ alg: 'none', typ: 'JWT' }, claims(), null)],
    ['alg NONE (case variant) with no signature', () => jwtWith({ alg: 'NONE' }, claims(), null)],
    ['alg HS512 signed with the right key', () => jwtWith({ alg: 'HS512' }, claims(), TEST_SECRET, 'sha512')],
    ['alg HS384 signed with the right key', () => jwtWith({ alg: 'HS384' }, claims(), TEST_SECRET, 'sha384')],
    [
      'alg RS256 "signed" with the HMAC secret as its public key',
      () => jwtWith({ alg: 'RS256' }, claims(), TEST_SECRET),
    ],
    [
      'a kid pointing at /dev/null, signed with an empty key',
      () => jwtWith({ ...HS256, kid: '../../../../../../dev/null' }, claims(), ''),
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
      'a payload swapped under a valid signature',
      () => {
        const [header, , signature] = jwtWith(HS256, claims(), TEST_SECRET).split('.');
        return `${header}.${b64url(claims({ sub: bob.userId, sid: bob.sessionId }))}.${signature}`;
      },
    ],
    ['the sid of another user’s session', () => jwtWith(HS256, claims({ sid: bob.sessionId }), TEST_SECRET)],
    ['another user’s sub with my sid', () => jwtWith(HS256, claims({ sub: bob.userId }), TEST_SECRET)],
    ['a sub that is not an ObjectId', () => jwtWith(HS256, claims({ sub: { $ne: null } }), TEST_SECRET)],
    ['a sid that is an operator object', () => jwtWith(HS256, claims({ sid: { $ne: null } }), TEST_SECRET)],
    ['a sid of a session that never existed', () => jwtWith(HS256, claims({ sid: 'A'.repeat(22) }), TEST_SECRET)],
  ])('refuses %s', async (_name, forge) => {
    await refused(forge());
  });

  it('refuses a token minted before a password change made from another session', async () => {
    const other = new TestClient(api.url);
    expect((await other.login(alice.email, alice.password)).errors).toBeUndefined();
    const before = other.accessToken!;
    expect((await other.gql(ME)).errors).toBeUndefined();
    const handMade = jwtWith(HS256, claims({ sid: String(jwtClaims(before).sid) }), TEST_SECRET);

    const res = await alice.client.gql<{ changePassword: { accessToken: string } }>(CHANGE_PASSWORD, {
      input: { currentPassword: alice.password, newPassword: 'a changed password' },
    });
    expect(res.errors).toBeUndefined();
    alice.client.accessToken = res.data!.changePassword.accessToken;
    const changedPassword = alice.password;
    alice.password = 'a changed password';

    await refused(before);
    await refused(handMade);
    expect(errorCode(await other.refresh())).toBe('UNAUTHENTICATED');
    expect(errorCode(await new TestClient(api.url).login(alice.email, changedPassword))).toBe('UNAUTHENTICATED');
    expect((await alice.client.gql(ME)).errors).toBeUndefined(); // the changing session goes on
  });
});
