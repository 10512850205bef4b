import { gzipSync } from 'node:zlib';
import { getIntrospectionQuery } from 'graphql';
import { startTestServer, errorCode, uniqueEmail, ME } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';

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
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const post = (body: string) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
      async (res) => ({
        status: res.status,
        type: res.headers.get('content-type'),
        body: (await res.json()) as { errors?: [] },
      }),
    );

  it('refuses a document with a 50-deep selection as GRAPHQL_VALIDATION_FAILED, running none of its operations', async () => {
    const email = uniqueEmail();
    const document = `mutation Register { ${registerField(email)} } query Deep { __type(name: "User") { ${nested(50)} } }`;
    const res = await server.client().gql(document, undefined, {});
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
    expect(await server.db.models.User.countDocuments({ email })).toBe(0);
  });

  it('accepts a selection at the depth limit', async () => {
    // __type, six nested fields and `name`: depth 8.
    const res = await server.client().gql(`{ __type(name: "User") { ${nested(6)} } }`);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });

  it('refuses deeply nested introspection under __schema, which the depth rule itself skips', async () => {
    const res = await server.client().gql(`{ __schema { types { ${nested(30)} } } }`);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('still answers the standard introspection query that Sandbox sends', async () => {
    const res = await server.client().gql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    expect(res.data?.__schema.types.length).toBeGreaterThan(10);
  });

  it('refuses 16 aliases (limit 15) before any of them runs', async () => {
    const client = server.client();
    await client.register();
    const res = await client.gql(`mutation { ${aliases(16, 'logout')} }`);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/alias/i);
    // No logout ran: the session still refreshes.
    expect((await client.refresh()).errors).toBeUndefined();
  });

  it('refuses 1,000 aliases', async () => {
    const res = await server.client().gql(`{ ${aliases(1000, 'me { id }')} }`);
    expect(res.status).toBe(400);
    expect(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']).toContain(errorCode(res));
    expect(res.data).toBeUndefined();
  });

  it('refuses a fragment cycle and keeps serving', async () => {
    const res = await server
      .client()
      .gql(`query { me { ...A } } fragment A on User { id ...B } fragment B on User { email ...A }`);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errorCode(await server.client().gql(ME))).toBe('UNAUTHENTICATED');
  });

  it('refuses an operation over the cost limit and accepts one under it', async () => {
    const client = server.client();
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
    const events = () => server.db.models.RateLimitEvent.countDocuments({});
    const before = await events();
    const documents = [
      `mutation { a: ${loginField(email)} b: ${loginField(email)} }`,
      `mutation { a: ${loginField(email)} ... on Mutation { b: ${loginField(email)} } }`,
      `mutation { ...One ...Two } fragment One on Mutation { a: ${loginField(email)} } fragment Two on Mutation { b: ${loginField(email)} }`,
      `mutation { ${loginField(email)} refreshToken { accessToken } }`,
    ];
    for (const document of documents) {
      const res = await server.client().gql(document);
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    expect(await events()).toBe(before);
    // Control: one wrong login in an operation is counted.
    expect(errorCode(await server.client().gql(`mutation { ${loginField(email)} }`))).toBe('UNAUTHENTICATED');
    expect(await events()).toBeGreaterThan(before);
  });

  it('refuses register and login together in one mutation, creating no user', async () => {
    const email = uniqueEmail();
    const res = await server.client().gql(`mutation { ${registerField(email)} ${loginField(email)} }`);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await server.db.models.User.countDocuments({ email })).toBe(0);
  });

  it('refuses a document with more tokens than GRAPHQL_MAX_TOKENS (2000) and accepts one just under', async () => {
    // Each `aN: __typename` is three tokens, plus the two braces.
    const over = await server.client().gql(`{ ${aliases(667, '__typename')} }`);
    expect(over.status).toBe(400);
    expect(errorCode(over)).toBe('GRAPHQL_PARSE_FAILED');
    const under = await server.client().gql(`{ ${aliases(666, '__typename')} }`);
    expect(under.errors).toBeUndefined();
  });

  it('answers a body over 100kb with 413 and a JSON BAD_REQUEST error', async () => {
    const res = await post(JSON.stringify({ query: ME, variables: { padding: 'x'.repeat(101 * 1024) } }));
    expect(res.status).toBe(413);
    expect(res.type).toMatch(/^application\/json/);
    expect(res.body).toEqual({
      errors: [{ message: 'Request body is too large', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('applies the body limit to the inflated size of a gzip body', async () => {
    const inflated = JSON.stringify({ query: ME, variables: { padding: ' '.repeat(10 * 1024 * 1024) } });
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(inflated),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: Array<{ extensions: unknown }> }).errors[0]?.extensions).toEqual({
      code: 'BAD_REQUEST',
    });
  });

  it('answers invalid JSON with 400 and a JSON BAD_REQUEST error, without echoing the body', async () => {
    const res = await post('{"query": "{ me { id } }", secret-password');
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/json/);
    expect(res.body.errors).toEqual([
      { message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('secret-password');
  });
});
