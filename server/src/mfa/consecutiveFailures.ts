// Wrong second-factor codes in a row (NIST SP 800-63B §5.2.2: at most 100 consecutive failed
// attempts on one account; OWASP MFA cheat sheet). Whoever has the password must not guess
// the code for ever, 20 guesses a window at a time.
// - Each wrong code from a device that is not the owner's trusted device is an *insert* into
//   `rate_limit_events` under a key of the account and its credential version, and the streak
//   is their count, read after the insert: concurrent guesses on any number of instances each
//   see the others (FerretDB v1 updates are not atomic; inserts are). Never an increment.
// - A right code deletes them: only a correct code ends the streak.
// - MFA_MAX_CONSECUTIVE_FAILURES of them block password sign-in (PASSWORD_RESET_REQUIRED) and
//   void the account's pending logins; passkeys still sign in. A new password (reset or change)
//   is a new credential version, hence a new key: the block lifts and the count starts over.
// - The block is recorded (SIGN_IN_BLOCKED, mailed) once per credential version, by the single
//   winner of the insert `blocked:<user>:<version>` into `spends` (db/spends.ts).
// - "Someone entered your password" (SECOND_FACTOR_FAILED) is due at most once an hour: the single
//   winner of `notice:<user>:<UTC hour>` in `spends`, unless the previous hour's notice is younger
//   than an hour (its expiresAt is its time + 1 hour). No rate-limit refusal is logged for it.
import type { Clock } from '../clock';
import type { Models } from '../db';
import { spendOnce } from '../db/spends';
import type { ClientInfo } from '../security/clientInfo';
import { hashKey } from '../security/rateLimiter';
import type { SecurityLog } from '../securityEvents/securityLog';
import type { UserDocument } from '../users/userModel';
import { credentialVersionOf } from '../users/userService';

/** A streak is remembered for a year: long enough that pausing between guesses does not reset it. */
const STREAK_MEMORY_MS = 365 * 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

type Account = Pick<UserDocument, '_id' | 'credentialVersion'>;

interface Deps {
  maxConsecutive: number;
  models: Pick<Models, 'RateLimitEvent' | 'PendingLogin' | 'Spend'>;
  securityLog: Pick<SecurityLog, 'record'>;
  clock: Clock;
}

export function createConsecutiveFailures({ maxConsecutive, models, securityLog, clock }: Deps) {
  const { RateLimitEvent, PendingLogin, Spend } = models;
  const version = (user: Account) => `${user._id.toHexString()}:${credentialVersionOf(user)}`;
  // Stored like the rate limiter's keys, in its collection.
  const keyOf = (user: Account) => hashKey(`mfa-streak:${version(user)}`);

  const blockKey = (user: Account) => `blocked:${version(user)}`;

  /** True when this account's password sign-in is blocked until a new password. */
  async function isBlocked(user: Account): Promise<boolean> {
    const blocked = await Spend.findById(blockKey(user)).lean();
    return blocked !== null && blocked.expiresAt.getTime() > clock.now().getTime();
  }

  /** Once written, the block stands: a right code racing the last wrong one cannot lift it. */
  async function block(user: Account, client: ClientInfo): Promise<void> {
    const until = new Date(clock.now().getTime() + STREAK_MEMORY_MS);
    if (await spendOnce(Spend, blockKey(user), until)) {
      securityLog.record('SIGN_IN_BLOCKED', { userId: user._id, client });
    }
    await PendingLogin.deleteMany({ userId: user._id });
  }

  /** Counts a wrong code; true when the account is now blocked (its pending logins void). */
  async function fail(user: Account, client: ClientInfo): Promise<boolean> {
    const now = clock.now();
    const key = keyOf(user);
    await RateLimitEvent.create({ key, at: now, expiresAt: new Date(now.getTime() + STREAK_MEMORY_MS) });
    // Counted after the insert, so concurrent guesses see each other; at most `max` read.
    const streak = await RateLimitEvent.find({ key }, { _id: 1 }).limit(maxConsecutive).lean();
    if (streak.length < maxConsecutive) return false;
    await block(user, client);
    return true;
  }

  /** True for the one wrong code an hour that tells the owner someone has the password. */
  async function noticeDue(user: Account): Promise<boolean> {
    const now = clock.now().getTime();
    const hour = Math.floor(now / HOUR_MS);
    const noticeKey = (h: number) => `notice:${user._id.toHexString()}:${h}`;
    const previous = await Spend.findById(noticeKey(hour - 1)).lean();
    if (previous && previous.expiresAt.getTime() > now) return false;
    return spendOnce(Spend, noticeKey(hour), new Date(now + HOUR_MS));
  }

  /** A right code: the streak ends. */
  async function succeed(user: Account): Promise<void> {
    await RateLimitEvent.deleteMany({ key: keyOf(user) });
  }

  return { isBlocked, fail, succeed, noticeDue };
}

export type ConsecutiveFailures = ReturnType<typeof createConsecutiveFailures>;
