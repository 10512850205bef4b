import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { b64url, es256JwtWith, jwtClaims, jwtHeader, jwtWith } from '../../testing/forgedJwt';
import { ME } from '../../testing/operations';
import { errorCode, startTestServer, testDatabaseUri, useTestServer, withTestServer } from '../../testing/testServer';
import { TEST_SECRET } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';
import { createSecretBox } from '../../security/secretBox';
import { thumbprint } from '../keyMaterial';

// These specs are about ES256 whichever algorithm the rest of the suite runs under.
const ES256 = { ACCESS_TOKEN_ALG: 'ES256' };

/**
 * A signing key of the ring, unsealed from `signing_keys` as the server does: the only way a test
 * can sign with our key, so a forgery can differ from an accepted token in one thing alone.
 */
async function ringPrivateKey(server: TestServer, kid: string): Promise<KeyObject> {
  const record = await server.db.models.SigningKey.findOne({ kid }).lean();
  const pem = createSecretBox(server.config.signingKeys.encryptionKey!).open(record!.sealedPrivateKey);
  return createPrivateKey(pem!);
}

const freshP256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** The answer code of `me` with `token`, or 'OK' when it names a viewer. */
async function meWith(server: TestServer, token: string) {
  const res = await server.client().gql(ME, undefined, { token });
  return res.data?.me ? 'OK' : errorCode(res);
}

describe('a forged ES256 access token presented to me', () => {
  const server = useTestServer(ES256);

  let genuine: string;
  let kid: string;
  let ourKey: KeyObject;
  let jwkX: string;
  let publicPem: string;
  beforeAll(async () => {
    genuine = (await server().client().register()).accessToken;
    kid = String(jwtHeader(genuine).kid);
    ourKey = await ringPrivateKey(server(), kid);
    const jwk = createPublicKey(ourKey).export({ format: 'jwk' });
    jwkX = jwk.x!;
    publicPem = createPublicKey(ourKey).export({ format: 'pem', type: 'spki' }).toString();
  });

  /** The genuine token's claims, issued now by the server's clock, with `overrides`. */
  function claims(overrides: Record<string, unknown> = {}) {
    const now = Math.floor(server().now().getTime() / 1000);
    const { sub, sid } = jwtClaims(genuine);
    const { issuer: iss, audience: aud } = server().config.jwt;
    return { sub, sid, jti: randomUUID(), iat: now, exp: now + 600, iss, aud, ...overrides };
  }
  const es256 = () => ({ alg: 'ES256', typ: 'JWT', kid });

  it('accepts the genuine token, and one built by the same hand as the forgeries with our current key', async () => {
    expect(await meWith(server(), genuine)).toBe('OK');
    expect(await meWith(server(), es256JwtWith(es256(), claims(), ourKey))).toBe('OK');
  });

  it.each<[string, () => string]>([
    // The algorithm confusion of RFC 8725 §2.1: the verifier must not let the token pick HMAC.
    ['HS256 signed with TEST_SECRET, carrying our kid', () => jwtWith({ alg: 'HS256', kid }, claims(), TEST_SECRET)],
    ['HS256 signed with the JWK’s x, carrying our kid', () => jwtWith({ alg: 'HS256', kid }, claims(), jwkX)],
    [
      'HS256 signed with our public key’s PEM, carrying our kid',
      () => jwtWith({ alg: 'HS256', kid }, claims(), publicPem),
    ],
    ['alg none with no signature, carrying our kid', () => jwtWith({ alg: 'none', kid }, claims(), null)],
    ['ES384 signed with our key, carrying our kid', () => es256JwtWith({ alg: 'ES384', kid }, claims(), ourKey)],
    [
      'ES256 signed by a key not in the JWKS, carrying our kid',
      () => es256JwtWith(es256(), claims(), freshP256().privateKey),
    ],
    [
      'ES256 signed by a key not in the JWKS, that key embedded as a jwk header (CVE-2018-0114)',
      () => {
        const attacker = freshP256();
        const jwk = attacker.publicKey.export({ format: 'jwk' });
        return es256JwtWith({ ...es256(), jwk }, claims(), attacker.privateKey);
      },
    ],
    [
      'ES256 signed by a key not in the JWKS, under its own (unknown) kid',
      () => {
        const attacker = freshP256();
        const { x, y } = attacker.publicKey.export({ format: 'jwk' });
        return es256JwtWith({ alg: 'ES256', kid: thumbprint(x!, y!) }, claims(), attacker.privateKey);
      },
    ],
    ['ES256 signed with our key, without a kid', () => es256JwtWith({ alg: 'ES256' }, claims(), ourKey)],
    [
      'ES256 signed with our key, under an unknown kid',
      () => es256JwtWith({ alg: 'ES256', kid: 'x' }, claims(), ourKey),
    ],
    [
      'the genuine token with its kid taken out of the header',
      () => `${b64url({ alg: 'ES256', typ: 'JWT' })}.${genuine.split('.').slice(1).join('.')}`,
    ],
    ['the genuine token with its signature stripped', () => `${genuine.split('.').slice(0, 2).join('.')}.`],
    ['ES256 with our key for another audience', () => es256JwtWith(es256(), claims({ aud: 'another-api' }), ourKey)],
    ['ES256 with our key from another issuer', () => es256JwtWith(es256(), claims({ iss: 'someone-else' }), ourKey)],
    [
      'ES256 with our key, without issuer or audience',
      () => es256JwtWith(es256(), claims({ iss: undefined, aud: undefined }), ourKey),
    ],
    [
      'ES256 with our key, expired by the server’s clock',
      () => es256JwtWith(es256(), claims({ exp: Math.floor(server().now().getTime() / 1000) - 1 }), ourKey),
    ],
  ])('refuses with UNAUTHENTICATED: %s', async (_forgery, forge) => {
    expect(await meWith(server(), forge())).toBe('UNAUTHENTICATED');
  });
});

describe('a token whose kid names a revoked key', () => {
  it('is refused with UNAUTHENTICATED, even freshly signed by that very key', async () => {
    await withTestServer(ES256, async (server) => {
      const { accessToken } = await server.client().register();
      const kid = String(jwtHeader(accessToken).kid);
      const revokedKey = await ringPrivateKey(server, kid);
      await server.services.signingKeys!.revoke(kid);

      // Its claims are good and its session is live: only the key is wrong (a stolen key, revoked).
      const now = Math.floor(server.now().getTime() / 1000);
      const fresh = { ...jwtClaims(accessToken), iat: now, exp: now + 600, jti: randomUUID() };
      const token = es256JwtWith({ alg: 'ES256', typ: 'JWT', kid }, fresh, revokedKey);
      expect(await meWith(server, token)).toBe('UNAUTHENTICATED');
    });
  });
});

describe('an ES256 token presented to an HS256 server', () => {
  it('is refused with UNAUTHENTICATED, though its session is live in the shared database', async () => {
    const uri = testDatabaseUri();
    const es256Server = await startTestServer({ ...ES256, MONGODB_URI: uri });
    const hs256Server = await startTestServer({ ACCESS_TOKEN_ALG: 'HS256', MONGODB_URI: uri });
    try {
      const client = es256Server.client();
      const { accessToken, email, password } = await client.register();
      expect(await meWith(es256Server, accessToken)).toBe('OK');

      expect(await meWith(hs256Server, accessToken)).toBe('UNAUTHENTICATED');

      // The same account signed in on the HS256 server gets an HS256 token that the ES256 server refuses.
      const other = hs256Server.client();
      await other.login(email, password);
      expect(jwtHeader(other.accessToken!)).toEqual({ alg: 'HS256', typ: 'JWT' });
      expect(await meWith(hs256Server, other.accessToken!)).toBe('OK');
      expect(await meWith(es256Server, other.accessToken!)).toBe('UNAUTHENTICATED');
    } finally {
      await hs256Server.close();
      await es256Server.close();
    }
  });
});
