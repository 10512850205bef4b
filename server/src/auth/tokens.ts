// Access tokens: short-lived JWTs (OWASP JWT cheat sheet). The only importer of jsonwebtoken.
// - ES256 (the default) signs with the key ring's current key and names it in `kid`; other
//   services verify through the JWKS (signingKeys/). HS256 signs with JWT_ACCESS_SECRET, no `kid`.
// - The algorithm list is pinned to the configured one on verify: `alg: none`, an HS256 token
//   under ES256 (the public key used as an HMAC secret) and an ES256 token under HS256 are refused.
// - Under ES256 the `kid` must name a live key of the ring: a revoked or retired key, or a
//   key that is not ours, verifies nothing.
// - Issuer and audience are checked, so a token minted for another service is refused.
// - Keys are KeyObjects: given a string, jsonwebtoken re-parses the key on every call.
// - `iat`, `exp` and the expiry check all come from the app's clock (clock.ts), never
//   jsonwebtoken's own reading of the time.
// - A verified token is remembered (bounded) until its `exp`, while its key stays live: an
//   ES256 check costs ~15 HMACs, and a client sends the same token for its whole life.
// A valid signature is not enough: the `sid` session must still be live
// (sessions/sessionGuard.ts), so revocation takes effect before `exp`.
import { createSecretKey, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { ServiceUnavailableError } from '../errors';
import type { KeyRing, RingView } from '../signingKeys/keyRing';

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
  issue(userId: string, sessionId: string): Promise<IssuedAccessToken>;
  /** Claims of a valid token, or null for anything else. Never throws for a bad token. */
  verify(token: string): Promise<AccessClaims | null>;
}

/**
 * How far a consumer's clock may run behind ours: a token counts as alive until `exp` plus this
 * (a superseded signing key stays published that long; revoked sessions are remembered that long).
 */
export const CLOCK_LEEWAY_MS = 60_000;

/** Longest token we try to verify; real ones are ~300 bytes. */
const MAX_TOKEN_LENGTH = 2048;
/** Tokens remembered as verified: a few MB at most. */
const VERIFIED_ENTRIES = 10_000;

interface Verified {
  claims: AccessClaims;
  /** The key that signed it (ES256); null under HS256. */
  kid: string | null;
}

/** The `kid` of a token's header, read before any check (it only picks the key to check with). */
function kidOf(token: string): string | null {
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString()) as unknown;
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : null;
  } catch {
    return null;
  }
}

function claimsOf(payload: unknown): AccessClaims | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { sub, sid, jti, iat, exp } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string') return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') return null;
  return { sub, sid, jti, iat, exp };
}

export function createAccessTokens(config: Config, clock: Clock, ring: KeyRing | null): AccessTokens {
  const { alg, issuer, audience, accessTtlMs } = config.jwt;
  if (alg === 'ES256' && !ring) throw new Error('ES256 access tokens need the signing key ring');
  const secret: KeyObject | null = alg === 'HS256' ? createSecretKey(Buffer.from(config.jwt.accessSecret)) : null;
  const verified = new LRUCache<string, Verified>({ max: VERIFIED_ENTRIES });

  /** The key to sign with, and its `kid` under ES256. */
  async function signingKey(): Promise<{ key: KeyObject; kid?: string }> {
    if (secret) return { key: secret };
    const { signer } = await ring!.view();
    // Only while every key is revoked and no replacement could be written yet.
    if (!signer) throw new ServiceUnavailableError();
    return { key: signer.privateKey, kid: signer.kid };
  }

  /** The key that may have signed `token`, or null when no live key of ours is named. */
  function verifyingKey(token: string, view: RingView | null): { key: KeyObject; kid: string | null } | null {
    if (secret) return { key: secret, kid: null };
    const kid = kidOf(token);
    const key = kid === null ? undefined : view!.publicKey(kid);
    return key ? { key, kid } : null;
  }

  return {
    async issue(userId, sessionId) {
      const now = clock.now();
      const iat = Math.floor(now.getTime() / 1000);
      const exp = Math.floor((now.getTime() + accessTtlMs) / 1000);
      const { key, kid } = await signingKey();
      const payload = { sub: userId, sid: sessionId, jti: randomUUID(), iat, exp };
      const token = jwt.sign(payload, key, { algorithm: alg, issuer, audience, ...(kid ? { keyid: kid } : {}) });
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH) return null;
      const clockTimestamp = Math.floor(clock.now().getTime() / 1000);
      const view = ring ? await ring.view() : null;
      const known = verified.get(token);
      if (known) {
        // Past `exp`, or its key revoked or retired since: as if never seen.
        const keyLive = known.kid === null || view?.publicKey(known.kid) !== undefined;
        if (clockTimestamp < known.claims.exp && keyLive) return known.claims;
        verified.delete(token);
        return null;
      }
      const found = verifyingKey(token, view);
      if (!found) return null;
      try {
        const payload = jwt.verify(token, found.key, { algorithms: [alg], issuer, audience, clockTimestamp });
        const claims = claimsOf(payload);
        if (claims) verified.set(token, { claims, kid: found.kid });
        return claims;
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
