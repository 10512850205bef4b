// Password hashing (OWASP Password Storage cheat sheet). The only importer of bcrypt.
// - bcrypt at BCRYPT_COST (default 12), asynchronous: hashing runs on libuv's
//   thread pool and the event loop keeps serving.
// - bcrypt reads at most 72 bytes; longer passwords are refused by validation
//   (credentials.ts) rather than silently truncated.
// - An unknown email is checked against a dummy hash of the same cost, so it
//   costs the same time as a wrong password (no account enumeration by timing).
import bcrypt from 'bcrypt';

/** bcrypt's input limit. */
const BCRYPT_MAX_BYTES = 72;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string | null): Promise<boolean>;
}

export function createPasswordHasher(cost: number): PasswordHasher {
  let dummyHash: Promise<string> | undefined;
  return {
    hash: (password) => bcrypt.hash(password, cost),
    async verify(password, hash) {
      // bcrypt would compare only the first 72 bytes, so `stored + anything` would match;
      // no stored password is longer (credentials.ts), so such a guess is wrong, at the same cost.
      if (hash === null || Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) {
        dummyHash ??= bcrypt.hash('dummy password for timing equality', cost);
        await bcrypt.compare(password, await dummyHash);
        return false;
      }
      return bcrypt.compare(password, hash);
    },
  };
}
