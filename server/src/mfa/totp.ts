// TOTP (RFC 6238) as every authenticator app speaks it: SHA-1, 6 digits, 30 s
// (otpauth does the arithmetic). A code is accepted for the current time step and
// the one before it (clock drift, and a code typed as it rolls over): ASVS 5.0
// V6.5.5 asks for a short validity; one step back is 30–60 s. The caller spends
// the matched step once (mfaService.ts): the library only says which step matched.
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

const PERIOD_S = 30;
const options = { algorithm: 'SHA1', digits: 6, period: PERIOD_S } as const;

export interface NewTotpSecret {
  base32: string;
  uri: string;
  qrCodeSvg: string;
}

/** A fresh 160-bit secret (RFC 4226 §4 recommends 160), its otpauth URI and QR code. */
export async function newTotpSecret(issuer: string, account: string): Promise<NewTotpSecret> {
  const secret = new OTPAuth.Secret({ size: 20 });
  const uri = new OTPAuth.TOTP({ ...options, issuer, label: account, secret }).toString();
  return { base32: secret.base32, uri, qrCodeSvg: await QRCode.toString(uri, { type: 'svg', margin: 2 }) };
}

/** The time step `code` belongs to (current or previous), or null. */
export function matchingStep(base32: string, code: string, now: number): number | null {
  const totp = new OTPAuth.TOTP({ ...options, secret: OTPAuth.Secret.fromBase32(base32) });
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  if (delta === null || delta > 0) return null; // a code from the future is not accepted
  return Math.floor(now / 1000 / PERIOD_S) + delta;
}
