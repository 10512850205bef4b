// Password hashing (OWASP Password Storage cheat sheet). The only importer of bcrypt.
// - bcrypt at BCRYPT_COST (default 12), asynchronous: hashing runs on libuv's
//   thread pool and the event loop keeps serving.
// - bcrypt reads at most 72 bytes; longer passwords are refused by validation
//   (credentials.ts) rather than silently truncated.
// - An unknown email is checked against a dummy hash of the same cost, so it
//   costs the same time as a wrong password (no account enumeration by timing).
// - Bounded work: at most BCRYPT_MAX_CONCURRENCY hashes run at once and at most
//   BCRYPT_MAX_QUEUE wait; past that the request fails fast with
//   SERVICE_UNAVAILABLE instead of queueing without end (a login flood must not
//   starve everyone else).
// - Every hash and check names its account (the normalised email), and one account holds
//   at most ACCOUNT_MAX_PLACES running places: its next one waits behind its own, and at most
//   BCRYPT_MAX_QUEUE_PER_ACCOUNT places of the queue, so one account cannot take the pool (or
//   fill its queue) from everyone else (issue 19 §2d; OWASP Denial of
//   Service cheat sheet: per-user resource limits).
import bcrypt from 'bcrypt';
import { ServiceUnavailableError } from '../errors';

/** bcrypt's input limit. */
const BCRYPT_MAX_BYTES = 72;
/** Running places one account may hold in the hashing pool. */
export const ACCOUNT_MAX_PLACES = 2;

export interface PasswordHasher {
  /** `account`: the normalised email of the account the work is for (known or not). */
  hash(password: string, account: string): Promise<string>;
  verify(password: string, hash: string | null, account: string): Promise<boolean>;
}

export interface HashingLimits {
  cost: number;
  maxConcurrency: number;
  maxQueue: number;
  /** Places of the queue one account may hold (BCRYPT_MAX_QUEUE_PER_ACCOUNT). */
  maxQueuePerAccount?: number;
}

export function createPasswordHasher(limits: HashingLimits): PasswordHasher {
  const { cost, maxConcurrency, maxQueue, maxQueuePerAccount = maxQueue } = limits;
  const bounded = boundedWork(maxConcurrency, maxQueue, ACCOUNT_MAX_PLACES, maxQueuePerAccount);
  let dummyHash: Promise<string> | undefined;
  return {
    hash: (password, account) => bounded(account, () => bcrypt.hash(password, cost)),
    verify: (password, hash, account) =>
      bounded(account, async () => {
        // bcrypt would compare only the first 72 bytes, so `stored + anything` would match;
        // no stored password is longer (credentials.ts), so such a guess is wrong, at the same cost.
        if (hash === null || Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
          dummyHash ??= bcrypt.hash('dummy password for timing equality', cost);
          await bcrypt.compare(password, await dummyHash);
          return false;
        }
        return bcrypt.compare(password, hash);
      }),
  };
}

/**
 * Runs at most `maxConcurrency` tasks at once and at most `perAccount` of one account, queues
 * at most `maxQueue` (an account waiting behind its own counts) and at most `waitingPerAccount`
 * of one account, refuses the rest at once.
 */
function boundedWork(maxConcurrency: number, maxQueue: number, perAccount: number, waitingPerAccount: number) {
  let running = 0;
  const byAccount = new Map<string, number>();
  const waiting: Array<{ account: string; start: () => void }> = [];
  const has = (account: string) => byAccount.get(account) ?? 0;
  const take = (account: string) => byAccount.set(account, has(account) + 1);
  // A finished task hands its place straight to the first waiter whose account has room,
  // so `running` never overshoots and nobody waits behind another account's queue.
  const release = (account: string) => {
    if (has(account) <= 1) byAccount.delete(account);
    else byAccount.set(account, has(account) - 1);
    const next = waiting.findIndex((w) => has(w.account) < perAccount);
    if (next === -1) {
      running--;
      return;
    }
    const [waiter] = waiting.splice(next, 1);
    take(waiter!.account);
    waiter!.start();
  };
  return async <T>(account: string, task: () => Promise<T>): Promise<T> => {
    if (running < maxConcurrency && has(account) < perAccount) {
      running++;
      take(account);
    } else if (waiting.length >= maxQueue || waiting.filter((w) => w.account === account).length >= waitingPerAccount) {
      throw new ServiceUnavailableError();
    } else await new Promise<void>((resolve) => waiting.push({ account, start: resolve }));
    try {
      return await task();
    } finally {
      release(account);
    }
  };
}
