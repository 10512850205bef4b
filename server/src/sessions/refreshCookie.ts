// The refresh-token cookie (OWASP Session Management: cookie attributes).
// HttpOnly (no script can read it), Secure (HTTPS only; COOKIE_SECURE=false is
// for plain-http local use), SameSite=Strict by default (never sent on
// cross-site requests), Path=/graphql (sent to nothing else), Max-Age = the
// session's remaining life. Clearing repeats Path and attributes: Express's
// clearCookie defaults to Path=/ and would leave the real cookie in place.
import type { CookieOptions, Request, Response } from 'express';
import type { Config } from '../config';

export interface RefreshCookie {
  read(): string | undefined;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export function refreshCookie(cookie: Config['cookie'], req: Request, res: Response): RefreshCookie {
  const { name, secure, sameSite, path } = cookie;
  const base: CookieOptions = { httpOnly: true, secure, sameSite, path };
  return {
    read() {
      const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[name];
      return typeof value === 'string' ? value : undefined;
    },
    set(token, expiresAt) {
      res.cookie(name, token, { ...base, maxAge: Math.max(0, expiresAt.getTime() - Date.now()) });
    },
    clear() {
      res.clearCookie(name, base);
    },
  };
}
