// Device cookies (OWASP Authentication cheat sheet, "Slow down online guessing
// attacks with device cookies"): after a successful sign-in the browser gets a
// cookie naming the account, `nonce.HMAC(key, email|credential version|nonce)`.
// Presented for the same account under the same password, it proves this device
// signed in to that account before, and the login is held to a per-device failure
// limit instead of the account-wide one (rateLimitPolicy.ts): strangers' failures
// cannot lock the owner out.
// - Bound to the credential version: after a password change or reset every older
//   cookie counts as a stranger (a thief's cookie stops exempting them, and the next
//   sign-in with it mails "New sign-in"). The device that changed the password gets
//   a fresh cookie with the change.
// - The email is not in the cookie, only bound by the MAC; the key is derived
//   from REFRESH_TOKEN_SECRET with its own HKDF label (v2: with the version).
// - Not a credential: it never signs anyone in, it only changes which limit applies.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config';
import { apiCookie } from '../http/cookies';
import type { ApiCookie } from '../http/cookies';

/** A year: devices are remembered as long as people keep using them. */
const DEVICE_COOKIE_TTL_MS = 365 * 24 * 3600 * 1000;
const COOKIE_PATTERN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** The account a cookie names: its address and the credential version of its current password. */
export interface DeviceAccount {
  email: string;
  /** Absent on accounts older than credential versions: ''. */
  credentialVersion?: string;
}

export interface DeviceCookies {
  /** A new cookie value for this account under its current password. */
  issue(account: DeviceAccount): string;
  /** The device's nonce when `value` is a device cookie of this account under its current password, else null. */
  verify(value: unknown, account: DeviceAccount): string | null;
}

export function createDeviceCookies(secret: string): DeviceCookies {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'device-cookie-v2', 32));
  const mac = ({ email, credentialVersion = '' }: DeviceAccount, nonce: string) =>
    createHmac('sha256', key).update(`${email}|${credentialVersion}|${nonce}`).digest();
  return {
    issue(account) {
      const nonce = randomBytes(16).toString('base64url');
      return `${nonce}.${mac(account, nonce).toString('base64url')}`;
    },
    verify(value, account) {
      const match = typeof value === 'string' ? COOKIE_PATTERN.exec(value) : null;
      if (!match) return null;
      const [, nonce, presented] = match as unknown as [string, string, string];
      // Constant-time compare: the MAC must not be guessable byte by byte.
      return timingSafeEqual(mac(account, nonce), Buffer.from(presented, 'base64url')) ? nonce : null;
    },
  };
}

export type DeviceCookie = Omit<ApiCookie, 'set'> & { set(value: string): void };

export function deviceCookie(settings: Config['cookie'], req: Request, res: Response): DeviceCookie {
  const cookie = apiCookie(settings, settings.deviceName, req, res);
  return { ...cookie, set: (value) => cookie.set(value, DEVICE_COOKIE_TTL_MS) };
}
