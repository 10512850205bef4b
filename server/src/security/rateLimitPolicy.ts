// Which attempts are limited, under which keys (ASVS 6.3.1, OWASP Authentication
// cheat sheet: brute force and credential stuffing). Limits come from config;
// the counting is rateLimiter.ts.
// - Login and the current-password check of changePassword: this account from
//   this IP, this account from anywhere, this IP against any account (spraying).
//   A successful attempt is withdrawn.
// - Registration: every attempt counts per IP, since EMAIL_TAKEN tells whether an
//   account exists.
import type { Config } from '../config';
import type { LimitRule } from './rateLimiter';

export function createRateLimitPolicy(limits: Config['rateLimits']) {
  return {
    passwordGuess(email: string, ip: string | null): LimitRule[] {
      const windowMs = limits.loginWindowMs;
      return [
        { key: `login:acct-ip:${email}|${ip}`, limit: limits.loginMaxFailures, windowMs },
        { key: `login:acct:${email}`, limit: limits.loginMaxFailuresPerAccount, windowMs },
        { key: `login:ip:${ip}`, limit: limits.loginMaxFailuresPerIp, windowMs },
      ];
    },
    registration(ip: string | null): LimitRule[] {
      return [{ key: `register:ip:${ip}`, limit: limits.registerMaxPerIp, windowMs: limits.registerWindowMs }];
    },
  };
}

export type RateLimitPolicy = ReturnType<typeof createRateLimitPolicy>;
