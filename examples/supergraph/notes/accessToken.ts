// The notes subgraph checks the access token itself, as any service behind a gateway should: the
// gateway forwards `Authorization`, and this service trusts the JWKS of the auth API, not the
// gateway. Model: a token is good when its ES256 signature matches a key in the JWKS, its `iss`
// and `aud` are the auth API's and it has not expired (OWASP JWT cheat sheet: pin the algorithm,
// check issuer and audience). It does not ask whether the session is still live: a revoked
// session's token passes here until `exp` (docs/supergraph.md, "What a router cannot see").
import { createRemoteJWKSet, jwtVerify } from 'jose';

export interface Viewer {
  /** The auth API's user id (`sub`). */
  id: string;
}

export interface TokenSettings {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

/** Returns a check of an `Authorization` header: the viewer, or null for anything but a good token. */
export function accessTokenVerifier(
  settings: TokenSettings,
): (authorization: string | undefined) => Promise<Viewer | null> {
  // Caches the set and fetches it again for an unknown `kid` (a key published after a rotation,
  // RFC 7517 §4.5), at most once per cooldown, so a flood of forged `kid`s cannot flood the API.
  // The set is kept a minute, its own max-age (JWKS_MAX_AGE_S): a revoked key stops verifying soon.
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), { cacheMaxAge: 60_000 });
  return async (authorization) => {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    if (!match?.[1]) return null;
    try {
      const { payload } = await jwtVerify(match[1], jwks, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ['ES256'],
      });
      return typeof payload.sub === 'string' ? { id: payload.sub } : null;
    } catch {
      // Any failure (signature, claims, expiry, an unreachable JWKS) is "no viewer": fail closed.
      return null;
    }
  };
}
