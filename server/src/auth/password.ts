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
import bcrypt from 'bcrypt';
import { ServiceUnavailableError } from '../errors';

/** bcrypt's input limit. */
const BCRYPT_MAX_BYTES = 72;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string | null): Promise<boolean>;
}

export interface HashingLimits {
  cost: number;
  maxConcurrency: number;
  maxQueue: number;
}

export function createPasswordHasher({ cost, maxConcurrency, maxQueue }: HashingLimits): PasswordHasher {
  const bounded = boundedWork(maxConcurrency, maxQueue);
  let dummyHash: Promise<string> | undefined;
  return {
    hash: (password) => bounded(() => bcrypt.hash(password, cost)),
    verify: (password, hash) =>
      bounded(async () => {
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

/** Runs at most `maxConcurrency` tasks at once, queues at most `maxQueue`, refuses the rest at once. */
function boundedWork(maxConcurrency: number, maxQueue: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  // A finished task hands its slot straight to the next in line, so `running` never overshoots.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < maxConcurrency) running++;
    else if (waiting.length >= maxQueue) throw new ServiceUnavailableError();
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      release();
    }
  };
}
