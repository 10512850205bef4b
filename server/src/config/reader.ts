// Typed reads of environment variables. A bad value is recorded as a problem
// (naming the variable and what it must be) and the default used, so that
// every problem is reported together at start.
import ms from 'ms';

export type Env = Record<string, string | undefined>;

export class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  /** A cross-field rule: records `problem` when `ok` is false. */
  require(ok: boolean, problem: string): void {
    if (!ok) this.problems.push(problem);
  }

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}=${raw} must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  /** Durations like `15m`, `3s`, `7d`, or plain milliseconds. */
  duration(name: string, fallback: string, { allowZero = false } = {}): number {
    const raw = this.string(name, fallback);
    const value = /^\d+$/.test(raw) ? Number(raw) : (ms as (v: string) => number | undefined)(raw);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
      this.problems.push(`${name}=${raw} must be a duration such as 3s, 15m, 7d${allowZero ? ' or 0' : ''}`);
      return ms(fallback as ms.StringValue);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name}=${raw} must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.string(name, fallback).toLowerCase();
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name}=${raw} must be one of ${allowed.join(', ')}`);
    return fallback;
  }
}
