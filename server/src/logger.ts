// Structured JSON logs. Secrets never reach a log line: headers that carry
// tokens or cookies are redacted, and request bodies (passwords) are never logged.
import pino from 'pino';
import type { Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
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
