// The request's GraphQL context: who is asking (resolved lazily, once), the
// client's metadata, the refresh cookie, and the services.
import type { Request, Response } from 'express';
import { Types } from 'mongoose';
import type { Services } from './services';
import type { Logger } from './logger';
import { bearerToken } from './auth/tokens';
import { refreshCookie } from './sessions/refreshCookie';
import type { RefreshCookie } from './sessions/refreshCookie';
import type { ClientInfo } from './sessions/sessionService';

export interface Viewer {
  userId: Types.ObjectId;
  sessionId: string;
}

export interface GraphQLContext {
  services: Services;
  logger: Logger;
  client: ClientInfo;
  refreshCookie: RefreshCookie;
  /** The caller, or null for a missing, invalid, expired or revoked access token. */
  viewer(): Promise<Viewer | null>;
}

export function createContext(services: Services, req: Request, res: Response): GraphQLContext {
  const token = bearerToken(req.headers.authorization);
  let viewer: Promise<Viewer | null> | undefined;
  return {
    services,
    logger: req.log,
    client: {
      userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
      ipAddress: req.ip ?? null,
    },
    refreshCookie: refreshCookie(services.config, req, res),
    viewer() {
      viewer ??= resolveViewer(services, token);
      return viewer;
    },
  };
}

async function resolveViewer(services: Services, token: string | null): Promise<Viewer | null> {
  if (token === null) return null;
  const claims = services.accessTokens.verify(token);
  if (!claims || !Types.ObjectId.isValid(claims.sub)) return null;
  if (!(await services.sessionGuard.isLive(claims.sub, claims.sid))) return null;
  return { userId: new Types.ObjectId(claims.sub), sessionId: claims.sid };
}
