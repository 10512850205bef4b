/**
 * The example supergraph (examples/supergraph/) through a real gateway: the auth API, the notes
 * subgraph and Hive Gateway as processes of their own on 127.0.0.1, spoken to as a browser's
 * proxy would, over HTTP. Access tokens live 10 seconds here: long enough for a busy machine, short enough to wait past.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { TestClient, errorCode, setRefreshToken, sleep, testDatabaseUri } from '../../server/src/testing/testServer';
import { b64url, jwtClaims } from '../../server/src/testing/forgedJwt';
import { freePort, start, waitForHttp } from '../lib/processes';
import type { RunningProcess } from '../lib/processes';
import { gateway, notesSubgraph } from '../lib/supergraph';
import type { ProcessSpec } from '../lib/supergraph';

const ACCESS_TTL_S = 10;
const processes: RunningProcess[] = [];
let gatewayUrl = '';
let notesUrl = '';
let apiUrl = '';

function launch({ name, command, args, env }: ProcessSpec): RunningProcess {
  const proc = start(name, command, args, { env: { ...process.env, ...env } });
  processes.push(proc);
  return proc;
}

beforeAll(async () => {
  const [apiPort, notesPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
  apiUrl = `http://127.0.0.1:${apiPort}`;
  notesUrl = `http://127.0.0.1:${notesPort}`;
  gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const api = launch({
    name: 'api',
    command: 'node_modules/.bin/tsx',
    args: ['server/src/index.ts'],
    env: {
      PORT: String(apiPort),
      MONGODB_URI: testDatabaseUri(),
      NODE_ENV: 'development',
      ACCESS_TOKEN_TTL: `${ACCESS_TTL_S}s`,
      // A revoked session is refused on its very next request, not after the cache expires.
      SESSION_CACHE_TTL: '0',
      COOKIE_SECURE: 'false',
      BCRYPT_COST: '4',
      // The gateway is the one local hop; each test client names its own address through it.
      TRUST_PROXY: 'loopback',
      LOG_LEVEL: 'warn',
    },
  });
  await waitForHttp(`${apiUrl}/healthz`, api, 60_000);
  const notes = launch(notesSubgraph(notesPort, apiUrl));
  const gatewayProcess = launch(gateway({ port: gatewayPort, apiUrl, notesUrl }));
  await Promise.all([
    waitForHttp(`${notesUrl}/healthz`, notes, 60_000),
    waitForHttp(`${gatewayUrl}/healthcheck`, gatewayProcess, 60_000),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((proc) => proc.stop()));
});

const ME_WITH_NOTES = '{ me { email notes { text } } }';
const ADD_NOTE = 'mutation AddNote($text: String!) { addNote(text: $text) { text } }';

/**
 * An ES256 token that names the API's current key and claims a real user, signed with a key of
 * our own: everything right but the signature.
 */
async function forgedToken(userId: string): Promise<string> {
  const jwks = (await (await fetch(`${apiUrl}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64url({ alg: 'ES256', typ: 'JWT', kid: jwks.keys[0]?.kid })}.${b64url({
    sub: userId,
    iss: 'graphql-session-auth',
    aud: 'graphql-session-auth-api',
    iat: now,
    exp: now + 60,
  })}`;
  // JWS ES256 signatures are r || s, 64 bytes (RFC 7518 §3.4), not DER.
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

describe('the supergraph through the gateway', () => {
  it('sets the refresh cookie on login, HttpOnly and scoped to /graphql', async () => {
    const { email, password } = await new TestClient(gatewayUrl).register();
    const browser = new TestClient(gatewayUrl);

    const res = await browser.login(email, password);

    expect(res.data?.login.user.email).toBe(email);
    const cookie = res.setCookies.find((header) => header.startsWith('refresh_token='));
    expect(cookie).toMatch(/; Path=\/graphql;.*HttpOnly; SameSite=Strict$/);
    expect(browser.cookie).toBe(setRefreshToken(res));
  });

  it('resolves me { email notes { text } } across both subgraphs with the access token', async () => {
    const browser = new TestClient(gatewayUrl);
    const { email } = await browser.register();
    await browser.gql(ADD_NOTE, { text: 'buy milk' });

    const res = await browser.gql(ME_WITH_NOTES);

    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: { email, notes: [{ text: 'buy milk' }] } });
  });

  it('rotates the refresh cookie on refreshToken, and the new access token works', async () => {
    const browser = new TestClient(gatewayUrl);
    const { email } = await browser.register();
    const first = browser.cookie;

    const res = await browser.refresh();

    expect(res.data?.refreshToken.user.email).toBe(email);
    expect(browser.cookie).toBeDefined();
    expect(browser.cookie).not.toBe(first);
    expect((await browser.gql(ME_WITH_NOTES)).data).toEqual({ me: { email, notes: [] } });
  });

  it('refuses a forged token with UNAUTHENTICATED, even for a field that needs no viewer', async () => {
    const browser = new TestClient(gatewayUrl);
    const { user } = await browser.register();
    const forged = await forgedToken(user.id);

    // { __typename } is answered without any subgraph: only the gateway can refuse it.
    const refused = await browser.gql('{ __typename }', undefined, { token: forged });
    const open = await browser.gql('{ __typename }', undefined, { token: null });

    expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    expect(refused.data).toBeUndefined();
    expect(open.data).toEqual({ __typename: 'Query' });
  });

  it('refuses an expired token with UNAUTHENTICATED, even for a field that needs no viewer', async () => {
    const browser = new TestClient(gatewayUrl);
    await browser.register();
    const { exp } = jwtClaims(browser.accessToken ?? '') as { exp: number };
    await sleep(exp * 1000 + 1_000 - Date.now());

    const refused = await browser.gql('{ __typename }');

    expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    expect(refused.data).toBeUndefined();
  }, 30_000);

  it('lets a signed-out session’s token through until it expires; the auth API’s own fields refuse it', async () => {
    // What a gateway cannot see (docs/supergraph.md): it checks signatures, not sessions.
    const browser = new TestClient(gatewayUrl);
    await browser.register();
    await browser.gql('mutation { logout }');

    const passed = await browser.gql('{ __typename }');
    const me = await browser.gql(ME_WITH_NOTES);

    expect(passed.data).toEqual({ __typename: 'Query' });
    expect(errorCode(me)).toBe('UNAUTHENTICATED');
  });
});

describe('the notes subgraph, called directly', () => {
  it('checks the token itself: a forged one is UNAUTHENTICATED, without any gateway', async () => {
    const browser = new TestClient(gatewayUrl);
    const { user } = await browser.register();

    const res = await new TestClient(notesUrl).gql(ADD_NOTE, { text: 'x' }, { token: await forgedToken(user.id) });

    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });
});
