import { print } from 'graphql';
import { uniqueEmail, useTestServer } from '../../testing/testServer';
import { ME, REGISTER } from '../../testing/operations';

// A cross-site page can send "simple" requests (no preflight) with the user's cookies:
// form content types, text/plain, and GET. None of them may run an operation
// (Apollo's csrfPrevention; https://www.apollographql.com/docs/apollo-server/security/cors#preventing-cross-site-request-forgery-csrf).
describe('CSRF prevention', () => {
  const server = useTestServer();

  const graphql = (init: RequestInit & { search?: string }) =>
    fetch(`${server().url}/graphql${init.search ?? ''}`, init).then(async (res) => ({
      status: res.status,
      text: await res.text(),
    }));

  const registerInput = (email: string) => ({ input: { email, password: 'long enough pw' } });
  const registerVariables = (email: string) => JSON.stringify(registerInput(email));
  const registerBody = (email: string) => JSON.stringify({ query: print(REGISTER), variables: registerInput(email) });

  const usersWith = (email: string) => server().db.models.User.countDocuments({ email });

  it.each<[string, (email: string) => RequestInit]>([
    ['text/plain', (email) => ({ headers: { 'content-type': 'text/plain' }, body: registerBody(email) })],
    [
      'application/x-www-form-urlencoded',
      (email) => ({ body: new URLSearchParams({ query: print(REGISTER), variables: registerVariables(email) }) }),
    ],
    [
      'multipart/form-data',
      (email) => {
        const body = new FormData();
        body.append('operations', registerBody(email));
        body.append('map', '{}');
        return { body };
      },
    ],
  ])('refuses a mutation sent as %s and creates no user', async (_type, request) => {
    const email = uniqueEmail();
    const res = await graphql({ method: 'POST', ...request(email) });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/Cross-Site Request Forgery/);
    expect(await usersWith(email)).toBe(0);
  });

  it('does not parse a text/plain body even with the preflight header, so nothing runs', async () => {
    const email = uniqueEmail();
    const res = await graphql({
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' },
      body: registerBody(email),
    });
    expect(res.status).toBe(400);
    expect(await usersWith(email)).toBe(0);
  });

  it.each([
    ['without a preflight header, refused as CSRF', {}, 400],
    ['with the preflight header, past CSRF but not allowed by GET', { 'apollo-require-preflight': 'true' }, 405],
    ['with a JSON content type, past CSRF but not allowed by GET', { 'content-type': 'application/json' }, 405],
  ])('answers a mutation by GET %s (%d), creating no user', async (_case, headers: Record<string, string>, status) => {
    const email = uniqueEmail();
    const search = `?${new URLSearchParams({ query: print(REGISTER), variables: registerVariables(email) })}`;
    const res = await graphql({ method: 'GET', headers, search });
    expect(res.status).toBe(status);
    expect(await usersWith(email)).toBe(0);
  });

  it('refuses a GET query without a preflight header or JSON content type', async () => {
    const client = server().client();
    await client.register();
    const search = `?${new URLSearchParams({ query: print(ME) })}`;
    const res = await graphql({ method: 'GET', headers: { authorization: `Bearer ${client.accessToken}` }, search });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/Cross-Site Request Forgery/);
    expect(res.text).not.toContain(client.accessToken);
  });

  it('runs a GET query that sends apollo-require-preflight or content-type application/json', async () => {
    const client = server().client();
    const { user } = await client.register();
    const search = `?${new URLSearchParams({ query: print(ME) })}`;
    const variants: Array<Record<string, string>> = [
      { 'apollo-require-preflight': 'true' },
      { 'content-type': 'application/json' },
    ];
    for (const extra of variants) {
      const res = await graphql({
        method: 'GET',
        headers: { authorization: `Bearer ${client.accessToken}`, ...extra },
        search,
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ data: { me: expect.objectContaining({ id: user.id }) } });
    }
  });

  it('refuses a JSON array (batched) body with 400 and runs none of its operations', async () => {
    const emails = [uniqueEmail(), uniqueEmail()];
    const body = JSON.stringify(emails.map((email) => JSON.parse(registerBody(email)) as unknown));
    const res = await graphql({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/batching/i);
    for (const email of emails) expect(await usersWith(email)).toBe(0);
  });

  it('allows credentialed CORS from a configured origin and not from any other', async () => {
    const preflight = (origin: string) =>
      fetch(`${server().url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('http://localhost:3000');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
