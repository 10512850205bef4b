import { getIntrospectionQuery } from 'graphql';
import { errorCode, uniqueEmail, useTestServer } from '../../testing/testServer';
import { REFRESH } from '../../testing/operations';

/** A selection `depth` levels deep through introspection types: fields → type → ofType → fields … */
function nested(depth: number): string {
  let selection = 'name';
  for (let level = depth - 1; level >= 0; level--)
    selection = `${['fields', 'type', 'ofType'][level % 3]} { ${selection} }`;
  return selection;
}

const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');

const registerField = (email: string) =>
  `register(input: { email: "${email}", password: "long enough pw" }) { accessToken }`;
const loginField = (email: string) => `login(input: { email: "${email}", password: "wrong password" }) { accessToken }`;

describe('query limits', () => {
  const server = useTestServer();

  it.each([
    [
      'introspection nested 30 levels under __schema, which the depth rule itself skips',
      `{ __schema { types { ${nested(30)} } } }`,
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'a fragment cycle',
      'query { me { ...A } } fragment A on User { id ...B } fragment B on User { email ...A }',
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      '200 directives on one field (limit 20)',
      `{ __typename ${'@skip(if: false) '.repeat(200)}}`,
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      '1,000 aliases, which the token limit stops before validation',
      `{ ${aliases(1000, 'me { id }')} }`,
      'GRAPHQL_PARSE_FAILED',
    ],
  ])('refuses %s before execution, with a 400 and no data', async (_abuse, document, code) => {
    // A parse or validation code with no `data` at all means no resolver ran: the abuse costs
    // no work proportional to its size (no timing here: these machines are too noisy for one).
    const res = await server().client().gql(document);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe(code);
    expect(res.data).toBeUndefined();
  });

  it('refuses a document with a 50-deep selection as GRAPHQL_VALIDATION_FAILED, running none of its operations', async () => {
    const email = uniqueEmail();
    const document = `mutation Register { ${registerField(email)} } query Deep { __type(name: "User") { ${nested(50)} } }`;
    const res = await server().client().gql(document);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
    expect(await server().db.models.User.countDocuments({ email })).toBe(0);
  });

  it('accepts a selection at the depth limit', async () => {
    // __type, six nested fields and `name`: depth 8.
    const res = await server()
      .client()
      .gql(`{ __type(name: "User") { ${nested(6)} } }`);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });

  it('still answers the standard introspection query that Sandbox sends', async () => {
    const res = await server().client().gql(getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    expect((res.data?.__schema as { types: unknown[] }).types.length).toBeGreaterThan(10);
  });

  it('refuses 16 aliases (limit 15) before any of them runs', async () => {
    const client = server().client();
    await client.register();
    const res = await client.gql(`mutation { ${aliases(16, 'logout')} }`);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/alias/i);
    // No logout ran: the session still refreshes.
    expect((await client.refresh()).errors).toBeUndefined();
  });

  it('refuses 21 directives (limit 20) and accepts 20', async () => {
    // One per inline fragment: repeating a directive at one location would be refused by graphql-js itself.
    const directives = (count: number) => `{ ${'... @include(if: true) { __typename } '.repeat(count)}}`;
    const over = await server().client().gql(directives(21));
    expect(over.status).toBe(400);
    expect(errorCode(over)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(over.errors?.[0]?.message).toMatch(/directive/i);
    expect((await server().client().gql(directives(20))).errors).toBeUndefined();
  });

  it('refuses an operation over the cost limit and accepts one under it', async () => {
    const client = server().client();
    await client.register();
    const sessions = 'sessions(first: 100) { id createdAt lastUsedAt expiresAt userAgent ipAddress current }';
    const cheap = await client.gql(`{ ${aliases(1, sessions)} }`);
    expect(cheap.errors).toBeUndefined();
    const costly = await client.gql(`{ ${aliases(5, sessions)} }`);
    expect(costly.status).toBe(400);
    expect(errorCode(costly)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(costly.errors?.[0]?.message).toMatch(/cost/i);
  });

  it('refuses more than one login in a mutation, however spelled, and counts no attempt', async () => {
    const email = uniqueEmail();
    const events = () => server().db.models.RateLimitEvent.countDocuments({});
    const before = await events();
    const documents = [
      `mutation { a: ${loginField(email)} b: ${loginField(email)} }`,
      `mutation { a: ${loginField(email)} ... on Mutation { b: ${loginField(email)} } }`,
      `mutation { ...One ...Two } fragment One on Mutation { a: ${loginField(email)} } fragment Two on Mutation { b: ${loginField(email)} }`,
      `mutation { ${loginField(email)} refreshToken { accessToken } }`,
    ];
    for (const document of documents) {
      const res = await server().client().gql(document);
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    expect(await events()).toBe(before);
    // Control: one wrong login in an operation is counted.
    expect(
      errorCode(
        await server()
          .client()
          .gql(`mutation { ${loginField(email)} }`),
      ),
    ).toBe('UNAUTHENTICATED');
    expect(await events()).toBeGreaterThan(before);
  });

  it('refuses two refreshToken fields in one operation, so one cookie never rotates twice per request', async () => {
    const client = server().client();
    await client.register();
    const res = await client.gql(
      'mutation { a: refreshToken { accessToken } b: refreshToken { accessToken } }',
      undefined,
      {
        token: null,
      },
    );
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    // The cookie was not consumed: it still rotates once.
    expect((await client.gql(REFRESH, undefined, { token: null })).errors).toBeUndefined();
  });

  it('refuses register and login together in one mutation, creating no user', async () => {
    const email = uniqueEmail();
    const res = await server()
      .client()
      .gql(`mutation { ${registerField(email)} ${loginField(email)} }`);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await server().db.models.User.countDocuments({ email })).toBe(0);
  });

  it('refuses a document with more tokens than GRAPHQL_MAX_TOKENS (2000) and accepts one just under', async () => {
    // Each `aN: __typename` is three tokens, plus the two braces.
    const over = await server()
      .client()
      .gql(`{ ${aliases(667, '__typename')} }`);
    expect(over.status).toBe(400);
    expect(errorCode(over)).toBe('GRAPHQL_PARSE_FAILED');
    const under = await server()
      .client()
      .gql(`{ ${aliases(666, '__typename')} }`);
    expect(under.errors).toBeUndefined();
  });
});
