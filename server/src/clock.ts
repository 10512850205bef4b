// Time, from one place. Services ask `clock.now()` instead of `new Date()`, so a test can
// move time forward (an expired token, a later TOTP step) instead of sleeping through it.
// Production uses the system clock; the test server uses an offset clock that keeps running
// with real time and jumps when told (`advance`).

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The system time plus an offset that only grows: real time keeps running, `advance` jumps ahead. */
export interface AdjustableClock extends Clock {
  advance(ms: number): void;
}

export function adjustableClock(): AdjustableClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms) {
      if (!(ms >= 0)) throw new Error(`clock.advance: ${ms} ms is not a forward step`);
      offsetMs += ms;
    },
  };
}
