// Which attempts are limited, under which keys (ASVS 5.0 V6.3.1, OWASP Authentication
// cheat sheet: brute force, credential stuffing, denial of service). Limits come
// from config; the counting is rateLimiter.ts; addresses are bucketed (ipBucket.ts).
// - Password guesses (login, and the current-password check of changePassword):
//   failures of this account from this address, of this account from anywhere,
//   and of this address against any account (spraying). A success is withdrawn.
// - A device that signed in to this account before (a valid device cookie,
//   deviceCookie.ts) is held to its own failure limit instead of the account-wide
//   one, so a stranger's failures cannot lock the owner out (OWASP: device cookies).
// - Every login, successful or not, counts under higher ceilings per account and
//   per address: correct passwords in a loop still cost a bcrypt hash each.
// - Password changes per account; every registration per network, since
//   EMAIL_TAKEN tells whether an account exists. Mail a user can trigger
//   (reset links, verification links) per address or account and per network,
//   so nobody can flood an inbox or our SMTP reputation. Every resetPassword per
//   network, under the same ceiling as reset mail: each live token costs a password
//   hash, and guesses at tokens are cheap to send (OWASP Forgot Password cheat sheet).
// - Password confirmations (the password again before a sensitive change) per account,
//   successes included: each costs a password hash, and a signed-in attacker must not turn
//   them into a loop that holds the hashing pool (issue 19 §2b). (Rotations per session are
//   counted along the token chain itself: sessions/rotation.ts.)
import type { Config } from '../config';
import { ipBucket } from './ipBucket';
import type { LimitRule } from './rateLimiter';

const HOUR_MS = 3600_000;

export function createRateLimitPolicy(limits: Config['rateLimits']) {
  const loginWindow = limits.loginWindowMs;

  function passwordGuess(email: string, ip: string | null, trustedDevice: string | null = null): LimitRule[] {
    const host = ipBucket(ip, 'narrow');
    return [
      { key: `login:acct-ip:${email}|${host}`, limit: limits.loginMaxFailures, windowMs: loginWindow },
      trustedDevice
        ? { key: `login:device:${trustedDevice}`, limit: limits.loginMaxFailuresPerDevice, windowMs: loginWindow }
        : { key: `login:acct:${email}`, limit: limits.loginMaxFailuresPerAccount, windowMs: loginWindow },
      { key: `login:ip:${ipBucket(ip, 'wide')}`, limit: limits.loginMaxFailuresPerIp, windowMs: loginWindow },
    ];
  }

  function login(email: string, ip: string | null, trustedDevice: string | null): LimitRule[] {
    const every = { windowMs: loginWindow, countsSuccess: true };
    return [
      ...passwordGuess(email, ip, trustedDevice),
      { key: `login-all:acct:${email}`, limit: limits.loginMaxAttemptsPerAccount, ...every },
      { key: `login-all:ip:${ipBucket(ip, 'narrow')}`, limit: limits.loginMaxAttemptsPerIp, ...every },
    ];
  }

  function passwordChange(userId: string, email: string, ip: string | null): LimitRule[] {
    const windowMs = limits.passwordChangeWindowMs;
    const change = { key: `password-change:${userId}`, limit: limits.passwordChangeMax, windowMs, countsSuccess: true };
    return [...passwordGuess(email, ip), change];
  }

  /**
   * The password asked again on a signed-in device: limited like any password guess, and every
   * confirmation of the account counts (PASSWORD_CONFIRM_MAX an hour), a correct one too.
   */
  function passwordConfirm(userId: string, email: string, ip: string | null): LimitRule[] {
    const every = { key: `confirm:acct:${userId}`, limit: limits.passwordConfirmMax, windowMs: HOUR_MS };
    return [...passwordGuess(email, ip), { ...every, countsSuccess: true }];
  }

  function registration(ip: string | null): LimitRule[] {
    return [
      { key: `register:ip:${ipBucket(ip, 'wide')}`, limit: limits.registerMaxPerIp, windowMs: limits.registerWindowMs },
    ];
  }

  /** Reset mail per address (known or not: the same count, no enumeration) and per network. */
  function passwordResetRequest(email: string, ip: string | null): LimitRule[] {
    const every = { windowMs: limits.passwordResetWindowMs, countsSuccess: true };
    return [
      { key: `reset:email:${email}`, limit: limits.passwordResetMaxPerEmail, ...every },
      { key: `reset:ip:${ipBucket(ip, 'wide')}`, limit: limits.passwordResetMaxPerIp, ...every },
    ];
  }

  /** Every resetPassword, whatever its token, per network (PASSWORD_RESET_MAX_PER_IP, its own count). */
  function passwordReset(ip: string | null): LimitRule[] {
    const every = { windowMs: limits.passwordResetWindowMs, countsSuccess: true };
    return [{ key: `reset-spend:ip:${ipBucket(ip, 'wide')}`, limit: limits.passwordResetMaxPerIp, ...every }];
  }

  /** Verification mail per account, and per network like reset mail. */
  function verificationEmail(userId: string, ip: string | null): LimitRule[] {
    const every = { windowMs: limits.verificationEmailWindowMs, countsSuccess: true };
    return [
      { key: `verify-mail:user:${userId}`, limit: limits.verificationEmailMax, ...every },
      { key: `verify-mail:ip:${ipBucket(ip, 'wide')}`, limit: limits.passwordResetMaxPerIp, ...every },
    ];
  }

  /**
   * Second-factor codes: wrong ones per account (MFA_MAX_FAILURES_ACCOUNT), and 5 per pending login.
   * The owner's trusted device is held to the same number on its own instead, as for passwords:
   * a stranger with the password cannot lock the owner's second step out.
   */
  function secondFactor(userId: string, maxPerAccount: number, trustedDevice: string | null = null): LimitRule[] {
    const key = trustedDevice ? `mfa:device:${trustedDevice}` : `mfa:acct:${userId}`;
    return [{ key, limit: maxPerAccount, windowMs: loginWindow }];
  }
  const pendingLogin = (pendingId: string): LimitRule[] => [
    { key: `mfa:pending:${pendingId}`, limit: 5, windowMs: 5 * 60_000 },
  ];

  return {
    login,
    passwordChange,
    registration,
    passwordResetRequest,
    passwordReset,
    verificationEmail,
    passwordConfirm,
    secondFactor,
    pendingLogin,
    /** Each passkey sign-in started writes a challenge: every one counts per address. */
    passkeyLoginStart: (ip: string | null): LimitRule[] => [
      {
        key: `passkey-start:ip:${ipBucket(ip, 'narrow')}`,
        limit: limits.loginMaxAttemptsPerIp,
        windowMs: loginWindow,
        countsSuccess: true,
      },
    ],
    /** An answer from a credential no account has: a failure of this address, like spraying passwords. */
    unknownPasskey: (ip: string | null): LimitRule[] => [
      { key: `login:ip:${ipBucket(ip, 'wide')}`, limit: limits.loginMaxFailuresPerIp, windowMs: loginWindow },
    ],
  };
}

export type RateLimitPolicy = ReturnType<typeof createRateLimitPolicy>;
