import { createHash, createPublicKey } from 'node:crypto';
import http from 'node:http';
import { jwtClaims, jwtHeader } from '../../testing/forgedJwt';
import { verifyElsewhere } from '../../testing/remoteVerifier';
import { useTestServer, withTestServer } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';
import { JWKS_PATH } from '../jwksRoute';

// These specs are about ES256 whichever algorithm the rest of the suite runs under.
const ES256 = { ACCESS_TOKEN_ALG: 'ES256' };

type Jwk = Record<string, unknown>;

/** A plain GET, as a gateway polls it: no content type, no CSRF header, no cookie. */
const getJwks = (server: TestServer, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${JWKS_PATH}`, { headers });

/**
 * A conditional GET through node:http, as a gateway sends it. fetch() is no use here: the Fetch
 * standard adds `Cache-Control: no-cache` to a request that carries If-None-Match, which asks
 * the server for a full answer.
 */
function pollWithEtag(server: TestServer, etag: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${JWKS_PATH}`, { headers: { 'if-none-match': etag } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

async function publishedKeys(server: TestServer): Promise<Jwk[]> {
  const res = await getJwks(server);
  expect(res.status).toBe(200);
  return ((await res.json()) as { keys: Jwk[] }).keys;
}

/** The kids of the ring's keys in `state`, as `npm run keys -- list` shows them. */
async function kidsIn(server: TestServer, state: string): Promise<string[]> {
  const keys = await server.services.signingKeys!.list();
  return keys.filter((k) => k.state === state).map((k) => k.kid);
}

/** RFC 7638 §3.2: the SHA-256 of the required members (crv, kty, x, y), in that order, no spaces. */
const thumbprintOf = (jwk: Jwk) =>
  createHash('sha256')
    .update(`{"crv":"${String(jwk.crv)}","kty":"${String(jwk.kty)}","x":"${String(jwk.x)}","y":"${String(jwk.y)}"}`)
    .digest('base64url');

describe('tokens verified elsewhere through GET /.well-known/jwks.json', () => {
  const server = useTestServer(ES256);

  it('verifies a token from register in another process with jose, the JWKS URL, issuer and audience', async () => {
    const { accessToken, user } = await server().client().register();
    const verdict = await verifyElsewhere(server(), accessToken);
    expect(verdict).toMatchObject({ verified: true, payload: { sub: user.id }, protectedHeader: { alg: 'ES256' } });
    expect(verdict.verified && verdict.protectedHeader.kid).toBe((await kidsIn(server(), 'current'))[0]);
  });

  it('verifies a token from login the same way', async () => {
    const { email, password, user } = await server().client().register();
    const device = server().client();
    await device.login(email, password);
    const verdict = await verifyElsewhere(server(), device.accessToken!);
    expect(verdict).toMatchObject({ verified: true, payload: { sub: user.id } });
  });

  it('issues tokens with the issuer and audience a verifier checks, so one for another service is refused', async () => {
    const { accessToken } = await server().client().register();
    const { issuer, audience } = server().config.jwt;
    expect(jwtClaims(accessToken)).toMatchObject({ iss: issuer, aud: audience });
    const elsewhere = await verifyElsewhere(server(), accessToken, { audience: 'another-api' });
    expect(elsewhere).toEqual({ verified: false, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
    const otherIssuer = await verifyElsewhere(server(), accessToken, { issuer: 'someone-else' });
    expect(otherIssuer).toEqual({ verified: false, code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
  });
});

describe('GET /.well-known/jwks.json', () => {
  const server = useTestServer(ES256);

  it('publishes the current key and the next one', async () => {
    const kids = (await publishedKeys(server())).map((jwk) => jwk.kid);
    const [current] = await kidsIn(server(), 'current');
    const [next] = await kidsIn(server(), 'next');
    expect(kids.sort()).toEqual([current, next].sort());
  });

  it('names each key by its RFC 7638 thumbprint, and each is a P-256 public key', async () => {
    for (const jwk of await publishedKeys(server())) {
      expect(jwk.kid).toBe(thumbprintOf(jwk));
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      expect(key.type).toBe('public');
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    }
  });

  it('lets a consumer cache the set for at most 300 s', async () => {
    const cacheControl = (await getJwks(server())).headers.get('cache-control') ?? '';
    const maxAge = Number(/(?:^|,)\s*max-age=(\d+)/.exec(cacheControl)?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(300);
  });

  it('answers a repeated poll that sends back the ETag with 304 and no body', async () => {
    const first = await getJwks(server());
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await pollWithEtag(server(), etag!);
    expect(again).toEqual({ status: 304, body: '' });
  });

  it('serves a plain GET outside the GraphQL pipeline: no content type or CSRF header needed, not no-store', async () => {
    // GraphQL's CSRF prevention would answer such a GET with 400, and /graphql responses are no-store.
    const res = await getJwks(server());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    expect(res.headers.get('cache-control')).not.toMatch(/no-store/);
    expect(await res.json()).toEqual({ keys: expect.any(Array) });
  });
});

describe('the members of every published key', () => {
  it('are exactly kty, crv, x, y, kid, alg and use, for next, current and previous keys: never d', async () => {
    await withTestServer(ES256, async (server) => {
      await server.services.signingKeys!.rotate({ immediately: true });
      const published = await publishedKeys(server);
      const live = [
        ...(await kidsIn(server, 'previous')),
        ...(await kidsIn(server, 'current')),
        ...(await kidsIn(server, 'next')),
      ];
      expect(live).toHaveLength(3);
      expect(published.map((jwk) => jwk.kid).sort()).toEqual(live.sort());
      for (const jwk of published) {
        // RFC 7517 §4, RFC 7518 §6.2.1: an EC public key; the private member d (§6.2.2.1) never leaves.
        expect(Object.keys(jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
        expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      }
    });
  });

  it('leave out a revoked key, and publish its replacement at once', async () => {
    await withTestServer(ES256, async (server) => {
      const [revoked] = await kidsIn(server, 'current');
      const result = await server.services.signingKeys!.revoke(revoked!);
      expect(result).toMatchObject({ revoked: true, kid: revoked });
      const kids = (await publishedKeys(server)).map((jwk) => jwk.kid);
      expect(kids).not.toContain(revoked);
      expect(kids).toContain(result.revoked && result.current);
    });
  });
});

describe('GET /.well-known/jwks.json under HS256', () => {
  const server = useTestServer({ ACCESS_TOKEN_ALG: 'HS256' });

  it('is an empty set', async () => {
    const res = await getJwks(server());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ keys: [] });
  });

  it('goes with HS256 access tokens that carry no kid', async () => {
    const { accessToken } = await server().client().register();
    expect(jwtHeader(accessToken)).toEqual({ alg: 'HS256', typ: 'JWT' });
  });
});
