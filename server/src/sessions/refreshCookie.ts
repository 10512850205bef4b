// The API's cookies and their attributes (OWASP Session Management: cookie
// attributes): the refresh token here, the device cookie (security/deviceCookie.ts)
// the same way. HttpOnly (no script can read it), Secure (HTTPS only, and then
// named `__Secure-…` so no plain-http page can set it; COOKIE_SECURE=false is for
// plain-http local use), SameSite=Strict by default (never sent on cross-site
// requests), Path=/graphql (sent to nothing else), Max-Age = the remaining life
// by the app's clock (the one that set the expiry).
// Clearing repeats Path and attributes: Express's clearCookie defaults to Path=/
// and would leave the real cookie in place.
import type { CookieOptions, Request, Response } from 'express';
import type { Clock } from '../clock';
import type { Config } from '../config';

export interface ApiCookie {
  read(): string | undefined;
  set(value: string, maxAgeMs: number): void;
  clear(): void;
}

export function apiCookie(settings: Config['cookie'], name: string, req: Request, res: Response): ApiCookie {
  const { secure, sameSite, path } = settings;
  const base: CookieOptions = { httpOnly: true, secure, sameSite, path };
  return {
    read() {
      const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[name];
      return typeof value === 'string' ? value : undefined;
    },
    set(value, maxAgeMs) {
      res.cookie(name, value, { ...base, maxAge: Math.max(0, maxAgeMs) });
    },
    clear() {
      res.clearCookie(name, base);
    },
  };
}

/** A cookie that lives until a given instant: the refresh token's, the pending login's. */
export interface ExpiringCookie {
  read(): string | undefined;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}
export type RefreshCookie = ExpiringCookie;

export function expiringCookie(
  settings: Config['cookie'],
  name: string,
  req: Request,
  res: Response,
  clock: Clock,
): ExpiringCookie {
  const cookie = apiCookie(settings, name, req, res);
  return {
    read: cookie.read,
    set: (token, expiresAt) => cookie.set(token, expiresAt.getTime() - clock.now().getTime()),
    clear: cookie.clear,
  };
}

export const refreshCookie = (settings: Config['cookie'], req: Request, res: Response, clock: Clock): RefreshCookie =>
  expiringCookie(settings, settings.name, req, res, clock);
