// JWTs built (and read) by hand for forgery tests, so each token is exactly the one named:
// no library fixes up the header, the algorithm or the signature for us.
import { createHmac } from 'node:crypto';

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

/** The claims of a JWT, read without verifying it. */
export function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}
