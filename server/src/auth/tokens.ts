// Access tokens: short-lived HS256 JWTs (OWASP JWT cheat sheet). The only
// importer of jsonwebtoken.
// - The algorithm list is fixed to HS256 on verify: `alg: none`, HS512 and
//   RS256-with-the-secret-as-public-key tokens are all refused.
// - Issuer and audience are checked, so a token minted for another service is refused.
// - The secret is a KeyObject: given a string, jsonwebtoken re-parses the key on every call.
// - `iat`, `exp` and the expiry check all come from the app's clock (clock.ts), never
//   jsonwebtoken's own reading of the time.
// A valid signature is not enough: the `sid` session must still be live
// (sessions/sessionGuard.ts), so revocation takes effect before `exp`.
import { createSecretKey, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Clock } from '../clock';
import type { Config } from '../config';

export interface AccessClaims {
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

export interface AccessTokens {
  issue(userId: string, sessionId: string): IssuedAccessToken;
  /** Claims of a valid token, or null for anything else. Never throws. */
  verify(token: string): AccessClaims | null;
}

/** Longest token we try to verify; real ones are ~300 bytes. */
const MAX_TOKEN_LENGTH = 2048;

export function createAccessTokens(config: Config, clock: Clock): AccessTokens {
  const key: KeyObject = createSecretKey(Buffer.from(config.jwt.accessSecret, 'utf8'));
  const { issuer, audience, accessTtlMs } = config.jwt;

  return {
    issue(userId, sessionId) {
      const now = clock.now();
      const iat = Math.floor(now.getTime() / 1000);
      const exp = Math.floor((now.getTime() + accessTtlMs) / 1000);
      const token = jwt.sign({ sub: userId, sid: sessionId, jti: randomUUID(), iat, exp }, key, {
        algorithm: 'HS256',
        issuer,
        audience,
      });
      return { token, expiresAt: new Date(exp * 1000) };
    },
    verify(token) {
      if (token.length > MAX_TOKEN_LENGTH) return null;
      try {
        const clockTimestamp = Math.floor(clock.now().getTime() / 1000);
        const payload = jwt.verify(token, key, { algorithms: ['HS256'], issuer, audience, clockTimestamp });
        if (typeof payload !== 'object' || payload === null) return null;
        const { sub, sid, jti, iat, exp } = payload as Record<string, unknown>;
        if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string') return null;
        if (typeof iat !== 'number' || typeof exp !== 'number') return null;
        return { sub, sid, jti, iat, exp };
      } catch {
        return null;
      }
    },
  };
}

/** The token of an `Authorization: Bearer` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  // RFC 7235 §2.1: the scheme name is case-insensitive.
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i.exec(header.trim());
  return match?.[1] ?? null;
}
