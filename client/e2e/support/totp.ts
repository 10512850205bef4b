/**
 * Codes from an authenticator app, computed here from the secret the page shows. The API takes
 * each 30-second step once per user, and the current and the previous step: `TotpCodes` hands out
 * a step no earlier code used.
 */
import * as OTPAuth from 'otpauth';

const STEP_MS = 30_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TotpCodes {
  private readonly used = new Set<number>();
  private readonly totp: OTPAuth.TOTP;

  constructor(secret: string) {
    this.totp = new OTPAuth.TOTP({
      secret: OTPAuth.Secret.fromBase32(secret),
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
    });
  }

  /** The code of the current step, or else of the previous one; waits for the next step when both are used. */
  async next(): Promise<string> {
    for (;;) {
      const now = Date.now();
      const intoStep = now % STEP_MS;
      // So close to the step's end that the previous step could be gone when the code arrives.
      if (intoStep < STEP_MS - 2_000) {
        for (const timestamp of [now, now - STEP_MS]) {
          const step = Math.floor(timestamp / STEP_MS);
          if (this.used.has(step)) continue;
          this.used.add(step);
          return this.totp.generate({ timestamp });
        }
      }
      await sleep(STEP_MS - intoStep + 200);
    }
  }
}
