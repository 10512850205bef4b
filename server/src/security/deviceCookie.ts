// Device cookies (OWASP Authentication cheat sheet, "Slow down online guessing
// attacks with device cookies"): after a successful sign-in the browser gets a
// cookie naming the account, `nonce.HMAC(key, email|nonce)`. Presented with the
// right email, it proves this device signed in to that account before, and the
// login is held to a per-device failure limit instead of the account-wide one
// (rateLimitPolicy.ts): strangers' failures cannot lock the owner out.
// - The email is not in the cookie, only bound by the MAC; the key is derived
//   from REFRESH_TOKEN_SECRET with its own HKDF label.
// - Not a credential: it never signs anyone in, it only changes which limit applies.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config';
import { apiCookie } from '../http/cookies';
import type { ApiCookie } from '../http/cookies';

/** A year: devices are remembered as long as people keep using them. */
const DEVICE_COOKIE_TTL_MS = 365 * 24 * 3600 * 1000;
const COOKIE_PATTERN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface DeviceCookies {
  /** A new cookie value for this account. */
  issue(email: string): string;
  /** The device's nonce when `value` is a device cookie of this account, else null. */
  verify(value: unknown, email: string): string | null;
}

export function createDeviceCookies(secret: string): DeviceCookies {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'device-cookie-v1', 32));
  const mac = (email: string, nonce: string) => createHmac('sha256', key).update(`${email}|${nonce}`).digest();
  return {
    issue(email) {
      const nonce = randomBytes(16).toString('base64url');
      return `${nonce}.${mac(email, nonce).toString('base64url')}`;
    },
    verify(value, email) {
      const match = typeof value === 'string' ? COOKIE_PATTERN.exec(value) : null;
      if (!match) return null;
      const [, nonce, presented] = match as unknown as [string, string, string];
      // Constant-time compare: the MAC must not be guessable byte by byte.
      return timingSafeEqual(mac(email, nonce), Buffer.from(presented, 'base64url')) ? nonce : null;
    },
  };
}

export type DeviceCookie = Omit<ApiCookie, 'set'> & { set(value: string): void };

export function deviceCookie(settings: Config['cookie'], req: Request, res: Response): DeviceCookie {
  const cookie = apiCookie(settings, settings.deviceName, req, res);
  return { ...cookie, set: (value) => cookie.set(value, DEVICE_COOKIE_TTL_MS) };
}
