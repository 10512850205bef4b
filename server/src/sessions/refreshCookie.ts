// The refresh token's cookie: named COOKIE_NAME (`__Secure-refresh_token` when
// Secure), it lives exactly as long as its session (Max-Age = the session's
// remaining life by the app's clock, renewed by each rotation) and carries the
// attributes every API cookie has (http/cookies.ts: HttpOnly, Secure, SameSite, Path=/graphql).
import type { Request, Response } from 'express';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { expiringCookie } from '../http/cookies';
import type { ExpiringCookie } from '../http/cookies';

export type RefreshCookie = ExpiringCookie;

export const refreshCookie = (settings: Config['cookie'], req: Request, res: Response, clock: Clock): RefreshCookie =>
  expiringCookie(settings, settings.name, req, res, clock);
