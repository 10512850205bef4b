import mongoose from 'mongoose';
import { print } from 'graphql';
import { errorCode, startTestServer, useTestServer } from '../../testing/testServer';
import { ME, REGISTER } from '../../testing/operations';
import type { TestServer, GraphQLResponse } from '../../testing/testServer';

/** Whatever in a response would tell an attacker about the code behind it. */
function expectNothingInternal(res: GraphQLResponse) {
  const json = JSON.stringify(res.errors);
  expect(json).not.toMatch(/stacktrace|\/src\/|node_modules|\.ts:\d+|at [A-Za-z]+ \(/);
}

const landingPage = (server: TestServer) =>
  fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } }).then(async (res) => ({
    status: res.status,
    type: res.headers.get('content-type'),
    body: await res.text(),
  }));

const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');

describe('errors in production', () => {
  const server = useTestServer({ NODE_ENV: 'production' });

  it.each([
    ['__schema', '{ __schema { types { name fields { name } } } }'],
    ['__type', '{ __type(name: "User") { name fields { name } } }'],
    ['__schema inside a fragment', 'query { ...F } fragment F on Query { __schema { queryType { name } } }'],
    [
      'a 50-level ofType chain',
      `{ __schema { types { fields { type { ${'ofType { '.repeat(46)} name ${'} '.repeat(46)} } } } } }`,
    ],
  ])('refuses introspection through %s without describing the schema', async (_shape, query) => {
    const res = await server().client().gql(query);
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.data).toBeUndefined();
    expect(JSON.stringify(res.errors)).not.toMatch(/AuthPayload|RegisterInput|changePassword/);
  });

  it('sends no stack trace with any kind of error', async () => {
    const client = server().client();
    const responses = [
      await client.gql(ME), // UNAUTHENTICATED, thrown in a resolver
      await client.gql(REGISTER, { input: { email: 'nope', password: 'long enough pw' } }), // BAD_USER_INPUT
      await client.gql('{ me { id }'), // GRAPHQL_PARSE_FAILED
      await client.gql('{ nothing }'), // GRAPHQL_VALIDATION_FAILED
      await client.gql(print(REGISTER), { input: { email: 1 } }), // variable coercion: BAD_USER_INPUT
    ];
    for (const res of responses) {
      expect(res.errors?.length).toBeGreaterThan(0);
      for (const error of res.errors ?? []) expect(error.extensions).not.toHaveProperty('stacktrace');
      expectNothingInternal(res);
    }
  });

  it.each([
    ['16 aliases', `{ ${aliases(16, 'me { id }')} }`],
    [
      'an operation over the cost limit',
      `{ ${aliases(5, 'sessions(first: 100) { id createdAt lastUsedAt expiresAt userAgent ipAddress current }')} }`,
    ],
    ['21 directives', `{ ${'... @include(if: true) { __typename } '.repeat(21)}}`],
  ])('refuses %s without revealing the configured limit', async (_abuse, document) => {
    const res = await server().client().gql(document);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    for (const error of res.errors ?? []) expect(error.message).not.toMatch(/\d/);
  });

  it('strips "Did you mean" suggestions, which would leak the schema without introspection', async () => {
    const res = await server().client().gql('{ mee { id } sesions { id } }');
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/mee/);
    expect(JSON.stringify(res.errors)).not.toMatch(/Did you mean|"me"|"sessions"/);
    const input = await server()
      .client()
      .gql(print(REGISTER), { input: { emal: 'a@example.com', password: 'long enough pw' } });
    expect(errorCode(input)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(input.errors)).not.toMatch(/Did you mean/);
  });

  it('masks an unexpected error in a resolver as INTERNAL_SERVER_ERROR with a generic message', async () => {
    const client = server().client();
    const { user } = await client.register();
    // A document the code never writes: a user without createdAt makes `me` fail inside execution.
    await server().db.models.User.collection.updateOne({ email: user.email }, { $unset: { createdAt: '' } });
    const res = await client.gql(ME);
    expect(errorCode(res)).toBe('INTERNAL_SERVER_ERROR');
    expect(res.errors?.[0]?.message).toBe('Internal server error');
    expect(res.errors?.[0]).toMatchObject({ path: ['me', 'createdAt'] }); // the client's own query, nothing more
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expectNothingInternal(res);
  });

  it('does not serve the Sandbox landing page', async () => {
    const page = await landingPage(server());
    expect(page.type ?? '').not.toMatch(/text\/html/);
    expect(page.body).not.toMatch(/sandbox|<html/i);
  });
});

describe('errors in production when the database connection is gone', () => {
  it('answers `me` fast with SERVICE_UNAVAILABLE and its generic message, and no internals', async () => {
    // guards: a closed database connection must be SERVICE_UNAVAILABLE, never INTERNAL_SERVER_ERROR
    const server = await startTestServer({ NODE_ENV: 'production', SESSION_CACHE_TTL: '0' });
    try {
      const client = server.client();
      await client.register();
      await server.db.connection.close();
      const started = Date.now();
      const res = await client.gql(ME);
      expect(Date.now() - started).toBeLessThan(3000); // fails fast: no hang waiting for the database
      expect(res.errors).toEqual([
        {
          message: 'The service is temporarily unavailable; try again shortly',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        },
      ]);
      expect(res.data).toBeNull();
    } finally {
      await server.close();
      // close() could not drop the test database through the closed connection.
      const cleanup = await mongoose.createConnection(server.config.mongodbUri).asPromise();
      await cleanup.dropDatabase();
      await cleanup.close();
    }
  });
});

describe('the landing page in development', () => {
  const server = useTestServer({ NODE_ENV: 'development' });

  it('serves Apollo Sandbox to a browser asking GET /graphql for HTML', async () => {
    const page = await landingPage(server());
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    expect(page.body).toMatch(/sandbox/i);
  });

  it('keeps "Did you mean" suggestions and stack traces for developers', async () => {
    const res = await server().client().gql('{ mee { id } }');
    expect(res.errors?.[0]?.message).toMatch(/Did you mean "me"\?/);
    expect(res.errors?.[0]?.extensions).toHaveProperty('stacktrace');
  });

  it('answers introspection, so the refusals in production are production’s doing', async () => {
    const res = await server().client().gql('{ __type(name: "User") { name } }');
    expect(res.data).toEqual({ __type: { name: 'User' } });
  });
});
