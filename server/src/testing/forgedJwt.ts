// JWTs built (and read) by hand for forgery tests, so each token is exactly the one named:
// no library fixes up the header, the algorithm or the signature for us.
import { createHmac, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** base64url of a JSON value: a JWT header or payload segment. */
export const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** header.payload signed with HMAC-`hash` under `key`, or with an empty signature when `key` is null. */
export function jwtWith(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: string | null,
  hash = 'sha256',
): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = key === null ? '' : createHmac(hash, key).update(input).digest('base64url');
  return `${input}.${signature}`;
}

/**
 * header.payload signed ES256 under a P-256 `privateKey`. A JOSE signature is the raw r||s pair
 * (RFC 7518 §3.4), not the DER that node:crypto produces by default.
 */
export function es256JwtWith(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** The header of a JWT, read without verifying it. */
export function jwtHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as Record<string, unknown>;
}

/** The claims of a JWT, read without verifying it. */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}
