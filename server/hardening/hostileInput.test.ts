// Hostile input against a running API process: property-based GraphQL inputs
// (fast-check) and malformed HTTP. Whatever arrives, the answer is a success or
// an error with a known code, never a 5xx, never a crash, never a half-written account.
import net from 'node:net';
import fc from 'fast-check';
import {
  CLIENT_ERROR_CODES,
  CHANGE_PASSWORD,
  LOGIN,
  REFRESH,
  REGISTER,
  TestClient,
  healthy,
  nextIp,
  openDatabase,
  rawPost,
  startApi,
  testDatabaseUri,
  unhandledLines,
} from './harness';
import type { ApiProcess, RawResponse } from './harness';

let api: ApiProcess;
let direct: Awaited<ReturnType<typeof openDatabase>>;
const uri = testDatabaseUri();

beforeAll(async () => {
  api = await startApi({ MONGODB_URI: uri, REGISTER_MAX_PER_IP: '100000' });
  direct = await openDatabase(uri);
});
afterAll(async () => {
  expect(unhandledLines(api.output())).toEqual([]);
  await api.stop();
  await direct.db.dropDatabase().catch(() => undefined);
  await direct.close();
});

const users = () => direct.db.collection('users');
const sessions = () => direct.db.collection('sessions');

/** A GraphQL POST from a fresh address (so rate limits don't mask other answers). */
async function post(query: string, variables: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawPost(api.url, JSON.stringify({ query, variables }), {
    'content-type': 'application/json',
    'x-forwarded-for': nextIp(),
    ...headers,
  });
}

/** A success, or an error whose code is one a client can act on; never a 5xx. */
function expectKnownAnswer(res: RawResponse) {
  expect(res.status).toBeLessThan(500);
  expect(res.json).not.toBeNull();
  if (res.json!.errors) {
    for (const error of res.json!.errors) expect(CLIENT_ERROR_CODES).toContain(error.extensions?.code);
  } else {
    expect(res.json!.data).toBeTruthy();
  }
}

// Strings a user might type or an attacker might send.
const lookAlikes = fc.constantFrom(
  'ｕｓｅｒ@ｅｘａｍｐｌｅ.ｃｏｍ', // fullwidth: NFKC folds it to ASCII
  'user\u200b@example.com', // zero-width space
  '\u202euser@example.com', // right-to-left override
  'user@exa\u200dmple.com', // zero-width joiner
  'ｐａｓｓｗｏｒｄ１２３',
  'pa\u0073\u0301sword-é-é', // combining vs precomposed
  '\ufeffpassword bom',
  'ﬁﬂﬃ ligatures',
  '\u0000null byte password',
  '\ud800 lone surrogate',
  '𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝 math bold',
  '',
  ' ',
);
const huge = fc.constantFrom('A'.repeat(10_000), 'é'.repeat(40_000), `${'x'.repeat(300)}@example.com`);
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 80, unit: 'grapheme' }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 3, arbitrary: lookAlikes },
  { weight: 3, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: huge },
);
/** Anything JSON can carry where a string belongs: numbers, nulls, arrays, nested objects, `$` keys. */
const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant({ $gt: '' }),
  fc.constant({ $ne: null }),
  fc.constant({ __proto__: { admin: true } }),
  fc.jsonValue({ maxDepth: 6 }),
);
const field = fc.oneof({ weight: 8, arbitrary: text }, { weight: 2, arbitrary: notAString });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 5 });

describe('register with generated input', () => {
  it('answers a success or a known error code, and writes a user and a session only on success', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 9, arbitrary: fc.record({ email: field, password: field, name: maybe(field) }) },
          { weight: 1, arbitrary: notAString },
        ),
        async (input) => {
          const [usersBefore, sessionsBefore] = await Promise.all([
            users().countDocuments(),
            sessions().countDocuments(),
          ]);
          const res = await post(REGISTER, { input });
          expectKnownAnswer(res);
          const created = res.json?.data?.register !== undefined && res.json?.data?.register !== null;
          expect(await users().countDocuments()).toBe(usersBefore + (created ? 1 : 0));
          expect(await sessions().countDocuments()).toBe(sessionsBefore + (created ? 1 : 0));
        },
      ),
      { numRuns: 150, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(await healthy(api)).toBe(true);
  });

  it('treats NFKC look-alikes of a registered email as the same account', async () => {
    const ascii = `lookalike${Date.now()}@example.com`;
    expect(
      (await post(REGISTER, { input: { email: ascii, password: 'a long enough password' } })).json?.errors,
    ).toBeUndefined();
    const fullwidth = [...ascii]
      .map((c) => (/[a-z0-9]/.test(c) ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c))
      .join('');
    const res = await post(REGISTER, { input: { email: fullwidth.toUpperCase(), password: 'a long enough password' } });
    expect(res.json?.errors?.[0]?.extensions?.code).toBe('EMAIL_TAKEN');
    expect(await users().countDocuments({ email: ascii })).toBe(1);
  });
});

describe('login with generated input', () => {
  it('answers a success or a known error code, and creates a session only on success', async () => {
    const known = await new TestClient(api.url).register();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          email: fc.oneof({ weight: 1, arbitrary: fc.constant(known.email) }, { weight: 4, arbitrary: field }),
          password: fc.oneof({ weight: 1, arbitrary: fc.constant(known.password) }, { weight: 4, arbitrary: field }),
        }),
        async (input) => {
          const before = await sessions().countDocuments();
          const res = await post(LOGIN, { input });
          expectKnownAnswer(res);
          const signedIn = Boolean(res.json?.data?.login);
          expect(await sessions().countDocuments()).toBe(before + (signedIn ? 1 : 0));
        },
      ),
      { numRuns: 120 },
    );
    expect(await healthy(api)).toBe(true);
  });
});

describe('changePassword with generated input', () => {
  it('answers a success or a known error code, and changes the password hash only on success', async () => {
    const client = new TestClient(api.url);
    const { email, user } = await client.register();
    let password = 'correct horse battery';
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          currentPassword: fc.oneof(
            { weight: 1, arbitrary: fc.constant('<current>') },
            { weight: 4, arbitrary: field },
          ),
          newPassword: field,
        }),
        async (generated) => {
          const input = {
            ...generated,
            currentPassword: generated.currentPassword === '<current>' ? password : generated.currentPassword,
          };
          const before = await users().findOne({ email });
          const res = await post(CHANGE_PASSWORD, { input }, { authorization: `Bearer ${client.accessToken}` });
          expectKnownAnswer(res);
          const after = await users().findOne({ email });
          const changed = (res.json?.data?.changePassword ?? null) as { accessToken: string } | null;
          if (changed) {
            client.accessToken = changed.accessToken;
            password = String(input.newPassword).normalize('NFKC');
            expect(after!.passwordHash).not.toBe(before!.passwordHash);
          } else {
            expect(after!.passwordHash).toBe(before!.passwordHash);
          }
          expect(await sessions().countDocuments({ userId: before!._id })).toBe(1);
        },
      ),
      { numRuns: 100 },
    );
    expect(user.email).toBe(email);
    expect(await healthy(api)).toBe(true);
  });
});

describe('malformed HTTP', () => {
  const validBody = JSON.stringify({ query: '{ __typename }' });
  const cases: Array<[string, () => Promise<{ status: number; body?: string }>]> = [
    ['invalid JSON', () => rawPost(api.url, '{"query": "{ __typename }"')],
    ['JSON that is a string', () => rawPost(api.url, '"{ __typename }"')],
    ['JSON null', () => rawPost(api.url, 'null')],
    [
      'a batch array while batching is off',
      () => rawPost(api.url, JSON.stringify(Array(1000).fill({ query: '{ __typename }' }))),
    ],
    ['query that is a number', () => rawPost(api.url, JSON.stringify({ query: 5 }))],
    ['variables that are a string', () => rawPost(api.url, JSON.stringify({ query: REFRESH, variables: 'x' }))],
    [
      'operationName that is an object',
      () => rawPost(api.url, JSON.stringify({ query: REFRESH, operationName: { a: 1 } })),
    ],
    [
      'a body of 200 KB, over the limit',
      () => rawPost(api.url, JSON.stringify({ query: `{ __typename } #${'x'.repeat(200_000)}` })),
    ],
    [
      'JSON nested 40,000 deep in variables',
      () => rawPost(api.url, `{"query":"{ __typename }","variables":{"v":${'['.repeat(40_000)}${']'.repeat(40_000)}}}`),
    ],
    [
      'a __proto__ key in variables',
      () =>
        rawPost(
          api.url,
          `{"query":"mutation($input: LoginInput!){ login(input: $input) { accessToken } }","variables":{"input":{"__proto__":{"email":"a@b.co"},"email":"x@example.com","password":"p"}}}`,
        ),
    ],
    ['content-type text/plain', () => rawPost(api.url, validBody, { 'content-type': 'text/plain' })],
    [
      'content-type form-urlencoded',
      () => rawPost(api.url, 'query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }),
    ],
    [
      'content-type multipart',
      () => rawPost(api.url, '--b\r\n\r\n--b--', { 'content-type': 'multipart/form-data; boundary=b' }),
    ],
    ['no content-type', () => rawPost(api.url, validBody, {})],
    [
      'an unsupported charset',
      () => rawPost(api.url, validBody, { 'content-type': 'application/json; charset=ibm-037' }),
    ],
    [
      'gzip encoding over bytes that are not gzip',
      () => rawPost(api.url, validBody, { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    ],
    [
      'an unknown content-encoding',
      () => rawPost(api.url, validBody, { 'content-type': 'application/json', 'content-encoding': 'zstd-ish' }),
    ],
    [
      'a body shorter than its content-length',
      () =>
        rawSocket(
          `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n${validBody}`,
          1500,
        ),
    ],
    ['bytes that are not HTTP', () => rawSocket('\x16\x03\x01 not http at all\r\n\r\n')],
    ['a GET query without a CSRF header', () => fetch(`${api.url}/graphql?query=%7B__typename%7D`).then(asRaw)],
    [
      'a PUT',
      () =>
        fetch(`${api.url}/graphql`, {
          method: 'PUT',
          body: validBody,
          headers: { 'content-type': 'application/json' },
        }).then(asRaw),
    ],
    ['a 20 KB URL', () => fetch(`${api.url}/graphql?q=${'x'.repeat(20_000)}`).then(asRaw)],
    ['a Cookie header of 8 KB', () => refreshWith({ cookie: `junk=${'x'.repeat(8 * 1024)}` })],
    [
      '100 cookies',
      () => refreshWith({ cookie: Array.from({ length: 100 }, (_, i) => `c${i}=${'v'.repeat(20)}`).join('; ') }),
    ],
    ['cookies with broken escapes', () => refreshWith({ cookie: 'refresh_token=%E0%A4%A; a=%%; b="unterminated' })],
    [
      'a JWT with a 100 KB header',
      () =>
        refreshWith({
          authorization: `Bearer ${Buffer.from(JSON.stringify({ alg: 'HS256', pad: 'x'.repeat(100 * 1024) })).toString('base64url')}.e30.sig`,
        }),
    ],
    [
      'a JWT with a 10 KB header (under the header size limit)',
      () =>
        meWith({
          authorization: `Bearer ${Buffer.from(JSON.stringify({ alg: 'HS256', pad: 'x'.repeat(10 * 1024) })).toString('base64url')}.e30.sig`,
        }),
    ],
    ['an Authorization header that is not Bearer', () => meWith({ authorization: 'Basic YWRtaW46YWRtaW4=' })],
    ['a bearer token of junk', () => meWith({ authorization: 'Bearer ....' })],
  ];

  for (const [name, send] of cases) {
    it(`answers ${name} with a 4xx or a GraphQL error, never a 5xx, and keeps serving`, async () => {
      const res = await send();
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(500);
      if (res.status === 200 && res.body) {
        const body = JSON.parse(res.body) as { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
        for (const error of body.errors ?? []) expect(CLIENT_ERROR_CODES).toContain(error.extensions?.code);
      }
      expect(await healthy(api)).toBe(true);
    });
  }

  it('uses one refresh token when the cookie carries it twice, and rotates it once', async () => {
    const client = new TestClient(api.url);
    await client.register();
    const token = client.cookie!;
    const res = await rawPost(api.url, JSON.stringify({ query: REFRESH }), {
      'content-type': 'application/json',
      cookie: `refresh_token=${token}; refresh_token=${token}`,
    });
    expect(res.status).toBe(200);
    expect(res.json?.errors).toBeUndefined();
    const parent = await direct.db
      .collection('refresh_tokens')
      .countDocuments({ parentId: { $ne: null }, userId: { $exists: true } });
    expect(parent).toBeGreaterThanOrEqual(1);
    // A junk first copy does not let a second copy through under another reading.
    const junkFirst = await rawPost(api.url, JSON.stringify({ query: REFRESH }), {
      'content-type': 'application/json',
      cookie: `refresh_token=junk; refresh_token=${token}`,
    });
    expect(junkFirst.status).toBeLessThan(500);
    expect(await healthy(api)).toBe(true);
  });

  function asRaw(response: Response) {
    return response.text().then((body) => ({ status: response.status, body }));
  }
  function refreshWith(headers: Record<string, string>) {
    return rawPost(api.url, JSON.stringify({ query: REFRESH }), {
      'content-type': 'application/json',
      ...headers,
    }).catch((error: unknown) => ({ status: 431, body: String(error) }));
  }
  function meWith(headers: Record<string, string>) {
    return rawPost(api.url, JSON.stringify({ query: '{ me { id } }' }), {
      'content-type': 'application/json',
      ...headers,
    });
  }
});

/** Writes raw bytes to the API's port; resolves with the status line's code (0 if the socket just closes). */
function rawSocket(payload: string, waitMs = 3000): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(api.port, '127.0.0.1', () => socket.write(payload));
    let received = '';
    const finish = () => {
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
      resolve({ status: status === 0 ? 400 : status, body: '' });
    };
    socket.on('data', (d: Buffer) => (received += d.toString()));
    socket.on('close', finish);
    socket.on('error', finish);
    setTimeout(finish, waitMs);
  });
}
