// The request's GraphQL context: who is asking (resolved lazily, once), the
// client's metadata, the refresh cookie, and the services.
import type { Request, Response } from 'express';
import type { Viewer } from './auth/viewer';
import type { Clock } from './clock';
import type { Config } from './config';
import { expiringCookie } from './http/cookies';
import type { ExpiringCookie } from './http/cookies';
import type { Logger } from './logger';
import { clientInfo } from './security/clientInfo';
import { deviceCookie } from './security/deviceCookie';
import type { DeviceCookie } from './security/deviceCookie';
import type { ClientInfo } from './security/clientInfo';
import type { Services } from './services';
import { refreshCookie } from './sessions/refreshCookie';
import type { RefreshCookie } from './sessions/refreshCookie';

export interface GraphQLContext {
  services: Services;
  logger: Logger;
  client: ClientInfo;
  refreshCookie: RefreshCookie;
  deviceCookie: DeviceCookie;
  /** The pending-login cookie between `login` (MFA_REQUIRED) and `verifyMfa`. */
  mfaCookie: ExpiringCookie;
  /** The passkey sign-in cookie between `startPasskeyLogin` and `finishPasskeyLogin`. */
  passkeyCookie: ExpiringCookie;
  /** The caller, or null for a missing, invalid, expired or revoked access token. */
  viewer(): Promise<Viewer | null>;
}

export function createContext(
  config: Config,
  services: Services,
  clock: Clock,
  req: Request,
  res: Response,
): GraphQLContext {
  let viewer: Promise<Viewer | null> | undefined;
  return {
    services,
    logger: req.log,
    client: clientInfo(req),
    refreshCookie: refreshCookie(config.cookie, req, res, clock),
    deviceCookie: deviceCookie(config.cookie, req, res),
    mfaCookie: expiringCookie(config.cookie, config.cookie.pendingLoginName, req, res, clock),
    passkeyCookie: expiringCookie(config.cookie, config.cookie.passkeyLoginName, req, res, clock),
    viewer() {
      viewer ??= services.viewerOf(req.headers.authorization);
      return viewer;
    },
  };
}
