// The codes an authenticator app shows, by the test server's clock (RFC 6238: SHA-1, 6 digits,
// 30-second steps), and a way to keep a test's codes off the edge of a step.
import * as OTPAuth from 'otpauth';
import type { TestServer } from './testServer';

export const STEP_MS = 30_000;

/** The code of `secret` for the step `offset` steps from the server's now. */
export function totpCode(server: Pick<TestServer, 'now'>, secret: string, offset = 0): string {
  return new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  }).generate({ timestamp: server.now().getTime() + offset * STEP_MS });
}

/** Moves the server's clock past the last 4 s of a time step, so a test's codes all belong to the steps it means. */
export function awayFromStepEdge(server: Pick<TestServer, 'now' | 'advance'>): void {
  const left = STEP_MS - (server.now().getTime() % STEP_MS);
  if (left < 4_000) server.advance(left + 200);
}
