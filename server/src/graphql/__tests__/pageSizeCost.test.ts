// guards: a page size costs what it asks for whether written, passed as a variable or left to
// its default (issue 10 §9), and automatic persisted queries are off unless configured.
import { errorCode, useTestServer, withTestServer } from '../../testing/testServer';

const FIELDS = 'id createdAt lastUsedAt expiresAt userAgent ipAddress current';
const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');

describe('the cost limit with page sizes from variables and defaults', () => {
  const server = useTestServer();

  it.each([
    ['a variable', `query($n: Int) { ${aliases(5, `sessions(first: $n) { ${FIELDS} }`)} }`, { n: 100 }],
    ['the default of 50', `{ ${aliases(10, `sessions { ${FIELDS} }`)} }`, undefined],
  ])('refuses an operation over the limit when the page size comes from %s', async (_how, query, variables) => {
    const client = server().client();
    await client.register();
    const res = await client.gql(query, variables);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/cost/i);
  });

  it('accepts the same operation with a small page size in the variable', async () => {
    const client = server().client();
    await client.register();
    const res = await client.gql(`query($n: Int) { ${aliases(5, `sessions(first: $n) { ${FIELDS} }`)} }`, { n: 2 });
    expect(res.errors).toBeUndefined();
  });
});

describe('automatic persisted queries', () => {
  it.each([
    [{}, 'PERSISTED_QUERY_NOT_SUPPORTED'],
    [{ GRAPHQL_PERSISTED_QUERIES: 'true' }, 'PERSISTED_QUERY_NOT_FOUND'],
  ] as const)('with %p answer a hash-only request with %s', (env, code) =>
    withTestServer(env, async (server) => {
      const extensions = { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } };
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ extensions }),
      });
      const body = (await res.json()) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
      expect(errorCode(body)).toBe(code);
    }),
  );
});
