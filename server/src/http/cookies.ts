// The API's cookies and the attributes they all share (OWASP Session Management:
// cookie attributes). HttpOnly (no script can read it), Secure (HTTPS only, and
// then named `__Secure-…` so no plain-http page can set it; COOKIE_SECURE=false is
// for plain-http local use), SameSite=Strict by default (never sent on cross-site
// requests), Path=/graphql (sent to nothing else). Each cookie's name and lifetime
// live with it: the refresh token's in sessions/refreshCookie.ts, the device
// cookie's in security/deviceCookie.ts; the pending login (mfa/) and the passkey
// sign-in (passkeys/) last as long as their service says (context.ts names them).
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

/** A cookie that lives until a given instant (Max-Age = the remaining life): the refresh token's, the pending login's. */
export interface ExpiringCookie {
  read(): string | undefined;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** Max-Age is the remaining life by the app's clock: the one that set the expiry. */
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
