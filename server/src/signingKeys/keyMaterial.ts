// One signing key's material: a fresh P-256 pair, its public half as published (RFC 7517/7518)
// and named by its thumbprint (RFC 7638), its private half sealed under KEY_ENCRYPTION_KEY
// (security/secretBox.ts) and opened only with a check that it is the published key's.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { SecretBox } from '../security/secretBox';
import type { SigningKeyDocument } from './signingKeyModel';

/** A public key as published: the members RFC 7517/7518 define for an EC signing key, no private one. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

type KeyHalves = Pick<SigningKeyDocument, 'kid' | 'x' | 'y' | 'sealedPrivateKey'>;

/** The JWK thumbprint (RFC 7638 §3.2): SHA-256 of the required members in lexicographic order. */
export function thumbprint(x: string, y: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y }))
    .digest('base64url');
}

export const publicJwkOf = (key: Pick<SigningKeyDocument, 'kid' | 'x' | 'y'>): PublicJwk => ({
  kty: 'EC',
  crv: 'P-256',
  x: key.x,
  y: key.y,
  kid: key.kid,
  alg: 'ES256',
  use: 'sig',
});

/** A fresh P-256 pair: its public coordinates, its kid, and its private key (PKCS #8) sealed. */
export function newKeyPair(box: SecretBox): KeyHalves {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y } = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  const sealedPrivateKey = box.seal(privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
  return { kid: thumbprint(x, y), x, y, sealedPrivateKey };
}

export const publicKeyObject = (key: Pick<SigningKeyDocument, 'x' | 'y'>): KeyObject =>
  createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: key.x, y: key.y }, format: 'jwk' });

/** The private key, unsealed and checked against the published public one (throws otherwise). */
export function openPrivateKey(box: SecretBox, key: KeyHalves): KeyObject {
  const pem = box.open(key.sealedPrivateKey);
  if (pem === null)
    throw new Error(`KEY_ENCRYPTION_KEY does not open signing key ${key.kid}: set the key it was sealed under`);
  const privateKey = createPrivateKey(pem);
  const { x, y } = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string; y: string };
  if (x !== key.x || y !== key.y) throw new Error(`signing key ${key.kid}: its private half is not its public key`);
  return privateKey;
}
