// Whatever arrives on the port, the answer is a 4xx with a code a client can act on
// (or, for bytes that are not HTTP, the parser's own 400): never a 5xx, never a stack
// trace, never an operation run from a body that was not the one announced.
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { print } from 'graphql';
import { useTestServer } from '../../testing/testServer';
import { ME, REFRESH } from '../../testing/operations';

describe('a malformed request to /graphql', () => {
  const server = useTestServer();

  interface Answer {
    status: number | null;
    /** The first error's code, 'ok' for data without errors, undefined for a body that is not GraphQL JSON. */
    code: unknown;
  }

  async function post(body: RequestInit['body'], headers: Record<string, string>, method = 'POST') {
    const res = await fetch(`${server().url}/graphql`, { method, headers, body });
    return answerOf(res);
  }
  const json = (body: RequestInit['body'], headers: Record<string, string> = {}) =>
    post(body, { 'content-type': 'application/json', ...headers });
  const operation = (document: Parameters<typeof print>[0], headers: Record<string, string> = {}) =>
    json(JSON.stringify({ query: print(document) }), headers);

  async function answerOf(res: Response): Promise<Answer> {
    const text = await res.text();
    let body: { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = undefined; // not JSON: only the status speaks
    }
    return {
      status: res.status,
      code: body?.errors ? body.errors[0]?.extensions?.code : body?.data ? 'ok' : undefined,
    };
  }

  /**
   * Writes `payload` to the port and half-closes, as a client that has sent all it will.
   * Resolves with the status line's code, or null when no answer came within 5 s.
   */
  function rawSocket(payload: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(new URL(server().url).port), '127.0.0.1', () => socket.end(payload));
      const timer = setTimeout(() => socket.destroy(), 5000);
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        clearTimeout(timer);
        const status = /^HTTP\/1\.1 (\d{3}) /.exec(received)?.[1];
        resolve({ status: status === undefined ? null : Number(status), code: undefined });
      });
    });
  }

  const typename = JSON.stringify({ query: '{ __typename }' });
  const cookie = (value: string) => ({ cookie: value });

  it.each<[string, () => Promise<Answer>, Answer]>([
    ['a JSON string', () => json('"{ __typename }"'), { status: 400, code: 'BAD_REQUEST' }],
    ['JSON null', () => json('null'), { status: 400, code: 'BAD_REQUEST' }],
    ['a query that is a number', () => json(JSON.stringify({ query: 5 })), { status: 400, code: 'BAD_REQUEST' }],
    [
      'variables that are a string',
      () => json(JSON.stringify({ query: print(REFRESH), variables: 'x' })),
      { status: 400, code: 'BAD_REQUEST' },
    ],
    [
      'an operationName that is an object',
      () => json(JSON.stringify({ query: print(REFRESH), operationName: { a: 1 } })),
      { status: 400, code: 'BAD_REQUEST' },
    ],
    [
      'variables nested 40,000 arrays deep (parsed without a stack overflow)',
      () => json(`{"query":"{ __typename }","variables":{"v":${'['.repeat(40_000)}${']'.repeat(40_000)}}}`),
      { status: 200, code: 'ok' },
    ],
    [
      'a __proto__ key in an input object',
      () =>
        json(
          '{"query":"mutation($input: LoginInput!){ login(input: $input) { accessToken } }","variables":{"input":{"__proto__":{"email":"a@b.co"},"email":"x@example.com","password":"p"}}}',
        ),
      { status: 400, code: 'BAD_USER_INPUT' },
    ],
    ['no content-type (Apollo’s CSRF prevention)', () => post(typename, {}), { status: 400, code: 'BAD_REQUEST' }],
    [
      'an unsupported charset',
      () => post(typename, { 'content-type': 'application/json; charset=ibm-037' }),
      { status: 415, code: 'BAD_REQUEST' },
    ],
    [
      'gzip encoding over bytes that are not gzip',
      () => json(typename, { 'content-encoding': 'gzip' }),
      { status: 400, code: 'BAD_REQUEST' },
    ],
    [
      'an unknown content-encoding',
      () => json(typename, { 'content-encoding': 'zstd-ish' }),
      { status: 415, code: 'BAD_REQUEST' },
    ],
    [
      'a gzip body that inflates past the body limit',
      () =>
        json(gzipSync(JSON.stringify({ query: print(ME), variables: { padding: ' '.repeat(10 * 1024 * 1024) } })), {
          'content-encoding': 'gzip',
        }),
      { status: 413, code: 'BAD_REQUEST' },
    ],
    [
      'a body shorter than its content-length, then the end of the stream',
      () =>
        rawSocket(
          `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n${typename}`,
        ),
      { status: 400, code: undefined },
    ],
    [
      'bytes that are not HTTP',
      () => rawSocket('\x16\x03\x01 not http at all\r\n\r\n'),
      { status: 400, code: undefined },
    ],
    [
      'a PUT',
      () => post(typename, { 'content-type': 'application/json' }, 'PUT'),
      { status: 405, code: 'BAD_REQUEST' },
    ],
    [
      'a 20 KB URL (over the header size limit)',
      () => fetch(`${server().url}/graphql?q=${'x'.repeat(20_000)}`).then(answerOf),
      { status: 431, code: undefined },
    ],
    [
      'a Cookie header of 8 KB',
      () => operation(REFRESH, cookie(`junk=${'x'.repeat(8 * 1024)}`)),
      { status: 200, code: 'UNAUTHENTICATED' },
    ],
    [
      '100 cookies',
      () => operation(REFRESH, cookie(Array.from({ length: 100 }, (_, i) => `c${i}=${'v'.repeat(20)}`).join('; '))),
      { status: 200, code: 'UNAUTHENTICATED' },
    ],
    [
      'cookies with broken escapes',
      () => operation(REFRESH, cookie('refresh_token=%E0%A4%A; a=%%; b="unterminated')),
      { status: 200, code: 'UNAUTHENTICATED' },
    ],
  ])('answers %s with exactly its status and code', async (_request, send, expected) => {
    expect(await send()).toEqual(expected);
  });

  it('answers a body over the 100kb limit with 413 and a JSON BAD_REQUEST error', async () => {
    const res = await fetch(`${server().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: print(ME), variables: { padding: 'x'.repeat(101 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      errors: [{ message: 'Request body is too large', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('answers invalid JSON with 400 and a JSON BAD_REQUEST error, without echoing the body', async () => {
    const res = await fetch(`${server().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ me { id } }", secret-password',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(text).not.toContain('secret-password');
  });
});
