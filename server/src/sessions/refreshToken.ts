// Refresh-token cryptography (RFC 9700 §4.14, OWASP Session Management).
// - A token is 256 random bits, base64url; the database stores only its SHA-256.
// - A token's successor is HMAC-SHA256(key, token): re-derivable from the
//   presented token alone, so a replay inside the reuse interval gets the same
//   successor again without the server ever storing a token in plaintext.
// - The HMAC key is derived from REFRESH_TOKEN_SECRET (default: the JWT secret)
//   with HKDF and its own label, so the two uses never share a key.
// - REFRESH_TOKEN_SECRET_PREVIOUS, when set, derives the successors of tokens issued
//   before the secret changed: only to recognise a replayed ancestor (rotation.ts),
//   never to rotate.
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface RefreshTokenCrypto {
  generate(): string;
  hash(token: string): string;
  successorOf(token: string): string;
  /** Names the successor key (not secret): stored with each token record, so a chain that crossed a key change is known. */
  keyId: string;
  /** The successor under REFRESH_TOKEN_SECRET_PREVIOUS; null when none is set. */
  previousSuccessorOf: ((token: string) => string) | null;
  /** False for anything that can't be one of our tokens (checked before any database work). */
  isWellFormed(token: unknown): token is string;
}

const successorKey = (secret: string) =>
  Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'refresh-token-successor-v1', 32));
const successorUnder = (key: Buffer) => (token: string) => createHmac('sha256', key).update(token).digest('base64url');

export function createRefreshTokenCrypto(secret: string, previousSecret: string | null = null): RefreshTokenCrypto {
  const key = successorKey(secret);
  return {
    generate: () => randomBytes(32).toString('base64url'),
    hash: (token) => createHash('sha256').update(token).digest('base64url'),
    successorOf: successorUnder(key),
    keyId: createHash('sha256').update(key).digest('base64url').slice(0, 16),
    previousSuccessorOf: previousSecret === null ? null : successorUnder(successorKey(previousSecret)),
    isWellFormed: (token): token is string => typeof token === 'string' && TOKEN_PATTERN.test(token),
  };
}
