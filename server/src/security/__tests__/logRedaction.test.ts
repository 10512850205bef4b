import { Writable } from 'node:stream';
import { createLogger } from '../../logger';
import { uniqueEmail, useTestServer } from '../../testing/testServer';
import { ME, LOGOUT, REFRESH } from '../../testing/operations';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';

describe('createLogger', () => {
  function capture() {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { logger: createLogger('info', sink), text: () => lines.join('') };
  }

  it('redacts Authorization and Cookie request headers', () => {
    const { logger, text } = capture();
    logger.info(
      { req: { headers: { authorization: 'Bearer SECRET-A', cookie: 'refresh_token=SECRET-C' } } },
      'request',
    );
    expect(text()).toContain('[redacted]');
    expect(text()).not.toMatch(/SECRET-A|SECRET-C/);
  });

  it('redacts password and token fields at the top level and nested in variables', () => {
    const { logger, text } = capture();
    logger.info(
      {
        password: 'SECRET-1',
        token: 'SECRET-2',
        refreshToken: 'SECRET-3',
        input: { password: 'SECRET-4', newPassword: 'SECRET-5', currentPassword: 'SECRET-6' },
        variables: { input: { password: 'SECRET-7' } },
        accessToken: 'SECRET-8',
      },
      'fields',
    );
    expect(text()).toContain('[redacted]');
    expect(text()).not.toMatch(/SECRET-\d/);
  });
});

describe('request logs', () => {
  const server = useTestServer({ REFRESH_REUSE_INTERVAL: '0' });

  const logText = () => JSON.stringify(server().logs);

  it('never contain the password, an access token or a refresh token across a whole session', async () => {
    const secrets: string[] = [PASSWORD];
    const keep = (value: string | undefined) => value && secrets.push(value);
    const client = server().client();
    const email = uniqueEmail();
    keep((await client.register(email, PASSWORD)).accessToken);
    keep(client.cookie);
    await client.login(email, PASSWORD);
    keep(client.accessToken);
    keep(client.cookie);
    const rotated = client.cookie;
    await client.refresh();
    keep(client.accessToken);
    keep(client.cookie);
    // Authorization and Cookie headers on one request, then a replay that is logged as theft.
    await client.gql(ME, undefined, { token: client.accessToken, cookie: client.cookie });
    await client.gql(REFRESH, undefined, { cookie: rotated, token: null });
    await client.login(email, 'a wrong password');
    await client.gql(LOGOUT);

    // Control: the server did log these requests, and the theft, so the absence below means something.
    expect(
      server().logs.filter((line) => (line.req as { url?: string } | undefined)?.url === '/graphql').length,
    ).toBeGreaterThan(5);
    expect(server().logs.some((line) => line.event === 'refresh_token_reuse')).toBe(true);
    expect(secrets.length).toBe(7);
    const text = logText();
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('never contain a password sent in a query string or in a body that is not JSON', async () => {
    const variables = JSON.stringify({ input: { email: uniqueEmail(), password: PASSWORD } });
    await fetch(
      `${server().url}/graphql?query=${encodeURIComponent('mutation { logout }')}&variables=${encodeURIComponent(variables)}`,
      {
        headers: { 'apollo-require-preflight': 'true' },
      },
    );
    await fetch(`${server().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":"mutation","variables":{"password":"${PASSWORD}"`,
    });
    expect(logText()).toContain('/graphql');
    expect(logText()).not.toContain(PASSWORD);
  });

  it('tags a request’s log line with its request id, replacing one that could forge log content', async () => {
    const send = (id: string) =>
      server()
        .client()
        .gql(ME, undefined, { token: null, headers: { 'x-request-id': id } })
        .then((res) => res.headers.get('x-request-id'));
    expect(await send('trace-123')).toBe('trace-123');
    const forged = await send('x","level":60,"msg":"forged');
    expect(forged).toMatch(/^[0-9a-f-]{36}$/);
    const ids = server().logs.map((line) => (line.req as { id?: unknown } | undefined)?.id);
    expect(ids).toContain('trace-123');
    expect(ids).toContain(forged);
    expect(server().logs.some((line) => line.msg === 'forged')).toBe(false);
  });
});
