// Refresh-token cryptography (RFC 9700 §4.14, OWASP Session Management).
// - A token is 256 random bits, base64url; the database stores only its SHA-256.
// - A token's successor is HMAC-SHA256(key, token): re-derivable from the
//   presented token alone, so a replay inside the reuse interval gets the same
//   successor again without the server ever storing a token in plaintext.
// - The HMAC key is derived from REFRESH_TOKEN_SECRET (default: the JWT secret)
//   with HKDF and its own label, so the two uses never share a key.
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface RefreshTokenCrypto {
  generate(): string;
  hash(token: string): string;
  successorOf(token: string): string;
  /** False for anything that can't be one of our tokens (checked before any database work). */
  isWellFormed(token: unknown): token is string;
}

export function createRefreshTokenCrypto(secret: string): RefreshTokenCrypto {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'refresh-token-successor-v1', 32));
  return {
    generate: () => randomBytes(32).toString('base64url'),
    hash: (token) => createHash('sha256').update(token).digest('base64url'),
    successorOf: (token) => createHmac('sha256', key).update(token).digest('base64url'),
    isWellFormed: (token): token is string => typeof token === 'string' && TOKEN_PATTERN.test(token),
  };
}
