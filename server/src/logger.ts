// Structured JSON logs. Secrets never reach a log line: headers that carry
// tokens or cookies are redacted, and request bodies (passwords) are never logged.
import pino from 'pino';
import type { Logger } from 'pino';

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
