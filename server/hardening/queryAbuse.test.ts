// Query abuse against running API processes, one in development and one with
// NODE_ENV=production: each abusive document is refused during parse or
// validation, quickly, before any resolver runs (no rate-limit slot, no bcrypt).
import {
  TestClient,
  TEST_SECRET,
  healthy,
  openDatabase,
  rawPost,
  startApi,
  testDatabaseUri,
  unhandledLines,
} from './harness';
import type { ApiProcess, RawResponse } from './harness';

let dev: ApiProcess;
let prod: ApiProcess;
let direct: Awaited<ReturnType<typeof openDatabase>>;
const devUri = testDatabaseUri();

beforeAll(async () => {
  [dev, prod] = await Promise.all([
    startApi({ MONGODB_URI: devUri }),
    startApi({
      NODE_ENV: 'production',
      JWT_ACCESS_SECRET: `${TEST_SECRET}-production`,
      CORS_ORIGINS: 'http://127.0.0.1:3000',
    }),
  ]);
  direct = await openDatabase(devUri);
});
afterAll(async () => {
  expect(unhandledLines(dev.output())).toEqual([]);
  expect(unhandledLines(prod.output())).toEqual([]);
  await Promise.all([dev.stop(), prod.stop()]);
  await direct.db.dropDatabase().catch(() => undefined);
  await direct.close();
});

const post = (api: ApiProcess, query: string, variables?: unknown) =>
  rawPost(api.url, JSON.stringify({ query, variables }));

function expectRefused(res: RawResponse, codes = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']) {
  expect(res.status).toBe(400);
  expect(res.json?.data).toBeUndefined();
  expect(codes).toContain(res.json?.errors?.[0]?.extensions?.code);
  expect(res.ms).toBeLessThan(1000);
}

/** `{ me { id { id … } } }`: 50 levels of selection. */
const deepSelection = (depth: number) => `{ me ${'{ id '.repeat(depth - 1)}${'} '.repeat(depth - 1)}}`;
/** `__schema { types { fields { type { fields { type … } } } } }`: the introspection shape whose answer grows exponentially. */
const deepIntrospection = (depth: number) =>
  `{ __schema { types { ${'fields { type { '.repeat(depth / 2)} name ${'} } '.repeat(depth / 2)} } } }`;
const aliases = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const LOGIN_FIELD = (i: number) =>
  `l${i}: login(input: { email: "victim@example.com", password: "guess ${i}" }) { accessToken }`;

describe.each([
  ['development', () => dev],
  ['production', () => prod],
])('query abuse against the %s API', (_env, api) => {
  it('refuses a query 50 levels deep', async () => {
    expectRefused(await post(api(), deepSelection(50)));
  });

  it('refuses introspection nested 50 levels through fields and their types', async () => {
    expectRefused(await post(api(), deepIntrospection(50)));
  });

  it('refuses 1,000 aliases', async () => {
    expectRefused(await post(api(), aliases(1000, '__typename')));
  });

  it('refuses 100 aliases of me (under the token limit, over the alias limit)', async () => {
    expectRefused(await post(api(), aliases(100, 'me { id }')));
  });

  it('refuses a fragment cycle', async () => {
    const query = 'query { me { ...A } } fragment A on User { id ...B } fragment B on User { email ...A }';
    expectRefused(await post(api(), query));
  });

  it('refuses 200 directives on one field', async () => {
    expectRefused(await post(api(), `{ __typename ${'@skip(if: false) '.repeat(200)}}`));
  });

  it('refuses a document of 100,000 tokens of padding', async () => {
    expectRefused(await post(api(), `{ __typename ${'a '.repeat(45_000)}}`), ['GRAPHQL_PARSE_FAILED', 'BAD_REQUEST']);
  });

  it('refuses a batch of 100 operations', async () => {
    const res = await rawPost(api().url, JSON.stringify(Array(100).fill({ query: '{ __typename }' })));
    expect(res.status).toBe(400);
    expect(res.ms).toBeLessThan(1000);
  });

  it('keeps serving after the abuse', async () => {
    expect(await healthy(api())).toBe(true);
    const res = await post(api(), '{ __typename }');
    expect(res.json).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('query abuse that would multiply expensive work', () => {
  it('refuses 20 aliased logins before any attempt is counted or any password is hashed', async () => {
    const events = direct.db.collection('rate_limit_events');
    const before = await events.countDocuments();
    const res = await post(dev, `mutation { ${Array.from({ length: 20 }, (_, i) => LOGIN_FIELD(i)).join(' ')} }`);
    expectRefused(res);
    const viaFragments = await post(
      dev,
      `mutation { ...A ...B } fragment A on Mutation { ${LOGIN_FIELD(1)} } fragment B on Mutation { ${LOGIN_FIELD(2)} }`,
    );
    expectRefused(viaFragments);
    expect(await events.countDocuments()).toBe(before);
  });

  it('refuses two refreshToken fields in one operation, so one cookie never rotates twice per request', async () => {
    const client = new TestClient(dev.url);
    await client.register();
    const res = await client.gql(
      'mutation { a: refreshToken { accessToken } b: refreshToken { accessToken } }',
      undefined,
      {
        token: null,
      },
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await client.refresh()).errors).toBeUndefined(); // the cookie was not consumed
  });
});

describe('introspection against the production API', () => {
  it.each([
    ['__schema', '{ __schema { types { name fields { name } } } }'],
    ['__type', '{ __type(name: "User") { name fields { name } } }'],
    ['__schema inside a fragment', 'query { ...F } fragment F on Query { __schema { queryType { name } } }'],
    [
      'a 50-level ofType chain',
      `{ __schema { types { fields { type { ${'ofType { '.repeat(46)} name ${'} '.repeat(46)} } } } } }`,
    ],
  ])('refuses %s quickly without describing the schema', async (_name, query) => {
    const res = await post(prod, query);
    expectRefused(res);
    expect(res.body).not.toMatch(/AuthPayload|RegisterInput|changePassword/);
  });

  it('gives no "Did you mean" suggestions that would leak field names', async () => {
    const res = await post(prod, '{ mee { id } sesions { id } }');
    expectRefused(res);
    expect(res.body).not.toMatch(/Did you mean|"me"|sessions/);
    expect(res.body).not.toMatch(/stacktrace/);
  });

  it('is answered by introspection in development, so the refusal above is production’s doing', async () => {
    const res = await post(dev, '{ __type(name: "User") { name } }');
    expect(res.json).toEqual({ data: { __type: { name: 'User' } } });
  });
});
