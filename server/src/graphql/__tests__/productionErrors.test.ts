import mongoose from 'mongoose';
import { startTestServer, errorCode, ME, REGISTER } from '../../testing/testServer';
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

describe('errors in production', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'production' });
  });
  afterAll(() => server.close());

  it('refuses introspection of the schema and of a type', async () => {
    const client = server.client();
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "User") { fields { name } } }']) {
      const res = await client.gql(query);
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.data).toBeUndefined();
    }
  });

  it('sends no stack trace with any kind of error', async () => {
    const client = server.client();
    const responses = [
      await client.gql(ME), // UNAUTHENTICATED, thrown in a resolver
      await client.gql(REGISTER, { input: { email: 'nope', password: 'long enough pw' } }), // BAD_USER_INPUT
      await client.gql('{ me { id }'), // GRAPHQL_PARSE_FAILED
      await client.gql('{ nothing }'), // GRAPHQL_VALIDATION_FAILED
      await client.gql(REGISTER, { input: { email: 1 } }), // variable coercion: BAD_USER_INPUT
    ];
    for (const res of responses) {
      expect(res.errors?.length).toBeGreaterThan(0);
      for (const error of res.errors ?? []) expect(error.extensions).not.toHaveProperty('stacktrace');
      expectNothingInternal(res);
    }
  });

  it('does not reveal the configured query limits', async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const res = await server.client().gql(aliases);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).not.toMatch(/\d/);
  });

  it('strips "Did you mean" suggestions, which would leak the schema without introspection', async () => {
    const res = await server.client().gql('{ mee { id } }');
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/mee/);
    expect(res.errors?.[0]?.message).not.toMatch(/Did you mean|"me"/);
    const input = await server.client().gql(REGISTER, { input: { emal: 'a@example.com', password: 'long enough pw' } });
    expect(errorCode(input)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(input.errors)).not.toMatch(/Did you mean/);
  });

  it('masks an unexpected error in a resolver as INTERNAL_SERVER_ERROR with a generic message', async () => {
    const client = server.client();
    const { user } = await client.register();
    // A document the code never writes: a user without createdAt makes `me` fail inside execution.
    await server.db.models.User.collection.updateOne({ email: user.email }, { $unset: { createdAt: '' } });
    const res = await client.gql(ME);
    expect(errorCode(res)).toBe('INTERNAL_SERVER_ERROR');
    expect(res.errors?.[0]?.message).toBe('Internal server error');
    expect(res.errors?.[0]).toMatchObject({ path: ['me', 'createdAt'] }); // the client's own query, nothing more
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expectNothingInternal(res);
  });

  it('does not serve the Sandbox landing page', async () => {
    const page = await landingPage(server);
    expect(page.type ?? '').not.toMatch(/text\/html/);
    expect(page.body).not.toMatch(/sandbox|<html/i);
  });
});

describe('errors in production when the database connection is gone', () => {
  it('answers `me` with a clear, generic error and no internals', async () => {
    const server = await startTestServer({ NODE_ENV: 'production', SESSION_CACHE_TTL: '0' });
    try {
      const client = server.client();
      await client.register();
      await server.db.connection.close();
      const started = Date.now();
      const res = await client.gql(ME);
      expect(Date.now() - started).toBeLessThan(3000); // fails fast: no hang waiting for the database
      expect(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']).toContain(errorCode(res));
      expect(res.errors?.[0]?.message).toMatch(/^(Internal server error|The service is temporarily unavailable.*)$/);
      expect(JSON.stringify(res.errors)).not.toMatch(/Mongo|mongoose|127\.0\.0\.1|topology|connection/i);
      expectNothingInternal(res);
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
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ NODE_ENV: 'development' });
  });
  afterAll(() => server.close());

  it('serves Apollo Sandbox to a browser asking GET /graphql for HTML', async () => {
    const page = await landingPage(server);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    expect(page.body).toMatch(/sandbox/i);
  });

  it('keeps "Did you mean" suggestions and stack traces for developers', async () => {
    const res = await server.client().gql('{ mee { id } }');
    expect(res.errors?.[0]?.message).toMatch(/Did you mean "me"\?/);
    expect(res.errors?.[0]?.extensions).toHaveProperty('stacktrace');
  });
});
