// Attempt limits shared by every instance through MongoDB (ASVS 2.2.1, OWASP
// Authentication cheat sheet). An attempt is inserted *before* it is checked
// and counted with everything else in the window, so concurrent attempts
// (parallel requests, aliases, many instances) can't slip past the limit
// together: each sees the others. A successful login withdraws its attempt.
// Keys are hashed: the collection holds no emails or addresses.
import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Clock } from '../clock';
import { trusted } from '../db';
import type { Models } from '../db';
import { RateLimitedError } from '../errors';
import type { Logger } from '../logger';

export interface LimitRule {
  key: string;
  limit: number;
  windowMs: number;
  /** Counts every attempt, successful ones included: `withdraw` leaves it in place. */
  countsSuccess?: boolean;
}

export interface Attempt {
  /** The attempt succeeded: it no longer counts, except under rules that count successes. */
  withdraw(): Promise<void>;
}

/** How a key is stored in rate_limit_events: hashed, so the collection holds no email, address or id. */
export const hashKey = (key: string) => createHash('sha256').update(key).digest('base64url');

/** The rule a key belongs to, for logs: `login:acct-ip`, never the email or address after it. */
const ruleName = (key: string) => key.split(':').slice(0, 2).join(':');

export function createRateLimiter(models: Pick<Models, 'RateLimitEvent'>, logger: Logger, clock: Clock) {
  const { RateLimitEvent } = models;

  /**
   * Records an attempt under every rule, or throws RATE_LIMITED (and records nothing). At `now`
   * when the caller's operation has its instant, else at the clock's.
   */
  async function attempt(rules: readonly LimitRule[], now = clock.now()): Promise<Attempt> {
    const docs = rules.map((rule) => ({
      key: hashKey(rule.key),
      at: now,
      expiresAt: new Date(now.getTime() + rule.windowMs),
    }));
    const inserted = await RateLimitEvent.insertMany(docs);
    const ids: Types.ObjectId[] = inserted.map((d) => d._id);
    const remove = async (which: Types.ObjectId[]) => {
      if (which.length > 0) await RateLimitEvent.deleteMany({ _id: trusted({ $in: which }) });
    };
    const failureOnly = ids.filter((_id, i) => !rules[i]!.countsSuccess);
    const waits = await Promise.all(rules.map((rule, i) => secondsUntilAllowed(docs[i]!.key, rule, now)));
    const retryAfter = Math.max(...waits);
    if (retryAfter > 0) {
      // A refused attempt does not count: being limited must not extend the limit.
      await remove(ids);
      // A lockout is worth an operator's alert (OWASP Authentication cheat sheet: monitor lockouts).
      // `keys`: the hashes as stored, so an operator can find the key's other attempts.
      const refused = rules.flatMap((rule, i) =>
        waits[i]! > 0 ? [{ rule: ruleName(rule.key), key: docs[i]!.key }] : [],
      );
      const line = {
        event: 'rate_limited',
        rules: refused.map((r) => r.rule),
        keys: refused.map((r) => r.key),
        retryAfter,
      };
      logger.warn(line, 'attempt refused by a rate limit');
      throw new RateLimitedError(retryAfter);
    }
    return { withdraw: () => remove(failureOnly) };
  }

  /** 0 when the count in the window (ours included) is within the limit. */
  /**
   * 0 when the events in the window (ours included) are within the limit. One query either way,
   * bounded to limit + 1 events: a refused request costs the database no more than an allowed one.
   */
  async function secondsUntilAllowed(key: string, rule: LimitRule, now: Date): Promise<number> {
    const inWindow = { key, at: trusted({ $gt: new Date(now.getTime() - rule.windowMs) }) };
    const newest = await RateLimitEvent.find(inWindow, { at: 1 })
      .sort({ at: -1 })
      .limit(rule.limit + 1)
      .lean();
    if (newest.length <= rule.limit) return 0;
    // Once the (limit + 1)-th newest event leaves the window, the count is back at the limit.
    const freeAt = newest[rule.limit]!.at.getTime() + rule.windowMs;
    return Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
  }

  return { attempt };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
