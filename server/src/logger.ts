// Structured JSON logs. Secrets never reach a log line: headers that carry
// tokens or cookies are redacted, and request bodies (passwords) are never logged.
import { createHmac } from 'node:crypto';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'accessToken', 'refreshToken', 'token'];

// pino's `*` matches exactly one level, so each depth is listed: top level, `input.*`, `variables.input.*`.
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'auth-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/**
 * How an email is written in a log line: its HMAC under a server-side key (LOG_HASH_KEY), never
 * in clear. An operator holding the key can look a known address up; a reader of the logs alone
 * cannot reverse it by hashing guesses (ASVS 5.0 V16.2.5: sensitive data in logs protected).
 */
export function logPseudonym(key: Buffer): (value: string) => string {
  return (value) => createHmac('sha256', key).update(value.trim().toLowerCase()).digest('base64url').slice(0, 22);
}

/** Who a log line is about: an email always as its HMAC; a client address in clear or, with LOG_HASH_KEY, as its HMAC. */
export interface LogPseudonyms {
  email(email: string): string;
  address(ip: string | null): string | null;
}

export function logPseudonyms(logs: Config['logs']): LogPseudonyms {
  const hash = logPseudonym(logs.hashKey);
  return {
    email: hash,
    address: (ip) => (ip !== null && logs.hashAddresses ? hash(ip) : ip),
  };
}
