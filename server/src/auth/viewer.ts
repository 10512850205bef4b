// The token check, in one module: `Authorization: Bearer` header → JWT signature
// and claims (tokens.ts) → the `sid` session still live and owned by an account
// that still exists (sessions/sessionGuard.ts) → the viewer. Anything else is
// null, never an exception (OWASP JWT cheat sheet: revocation before `exp`);
// only fields marked `@authenticated` turn null into UNAUTHENTICATED (graphql/authenticated.ts).
import { Types } from 'mongoose';
import type { SessionGuard } from '../sessions/sessionGuard';
import { bearerToken } from './tokens';
import type { AccessTokens } from './tokens';

export interface Viewer {
  userId: Types.ObjectId;
  sessionId: string;
}

export type ViewerCheck = (authorization: string | undefined) => Promise<Viewer | null>;

export function createViewerCheck(accessTokens: AccessTokens, guard: SessionGuard): ViewerCheck {
  return async (authorization) => {
    const token = bearerToken(authorization);
    if (token === null) return null;
    const claims = await accessTokens.verify(token);
    if (!claims || !Types.ObjectId.isValid(claims.sub)) return null;
    if (!(await guard.isLive(claims.sub, claims.sid))) return null;
    return { userId: new Types.ObjectId(claims.sub), sessionId: claims.sid };
  };
}
