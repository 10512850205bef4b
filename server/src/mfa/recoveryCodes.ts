// Recovery codes: the way back in without the authenticator app (ASVS 5.0 V6.5.2,
// NIST SP 800-63B §5.1.2 look-up secrets).
// - 10 per set; each is a 4-character id + 60 random bits. The id finds the record; the
//   secret part is stored only as a bcrypt hash.
// - A new set voids the old one with one write (the user's `recoverySetId`).
// - Each code is spent once by the single-winner insert `rc:<record id>` into `spends`
//   (db/spends.ts), however many requests race with it.
import { randomBytes, randomInt } from 'node:crypto';
import type { Types } from 'mongoose';
import type { SecurityLog } from '../securityEvents/securityLog';
import type { PasswordHasher } from '../auth/password';
import type { ConfirmPassword } from '../auth/passwordConfirmation';
import type { Clock } from '../clock';
import { trusted } from '../db';
import type { Models } from '../db';
import { spendOnce } from '../db/spends';
import { BadUserInputError, Message } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { UserDocument } from '../users/userModel';
import { isMfaEnabled } from '../users/userService';
import type { UserService } from '../users/userService';

const RECOVERY_CODES = 10;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Recovery codes and their spends last until a new set replaces them. */
const LONG_LIVED_MS = 10 * 365 * 24 * 3600 * 1000;

const base32 = (length: number) => Array.from({ length }, () => BASE32[randomInt(32)]).join('');

/** A normalised code (secondFactor.ts) that has the shape of a recovery code. */
export const isRecoveryCodeShape = (code: string): boolean => /^[A-Z2-7]{16}$/.test(code);

interface Deps {
  models: Pick<Models, 'RecoveryCode' | 'Spend'>;
  users: UserService;
  passwords: PasswordHasher;
  securityLog: Pick<SecurityLog, 'record'>;
  confirmPassword: ConfirmPassword;
  clock: Clock;
}

export function createRecoveryCodes({ models, users, passwords, securityLog, confirmPassword, clock }: Deps) {
  const { RecoveryCode, Spend } = models;

  /** A fresh set, stored hashed under a new set id; returns the codes in clear, once. */
  async function issue(userId: Types.ObjectId): Promise<{ setId: string; codes: string[] }> {
    const setId = randomBytes(9).toString('base64url');
    const ids = new Set<string>();
    while (ids.size < RECOVERY_CODES) ids.add(base32(4));
    const codes = [...ids].map((id) => ({ id, secret: base32(12) }));
    const expiresAt = new Date(clock.now().getTime() + LONG_LIVED_MS);
    const docs = await Promise.all(
      codes.map(async ({ id, secret }) => ({
        _id: `${userId.toHexString()}:${setId}:${id}`,
        userId,
        setId,
        hash: await passwords.hash(secret),
        expiresAt,
      })),
    );
    await RecoveryCode.insertMany(docs);
    return {
      setId,
      codes: codes.map(({ id, secret }) => `${id}-${secret.slice(0, 4)}-${secret.slice(4, 8)}-${secret.slice(8)}`),
    };
  }

  /** Checks and spends a normalised recovery code of the set in force; false when wrong or used. */
  async function spend(user: UserDocument, code: string, client: ClientInfo): Promise<boolean> {
    if (!isRecoveryCodeShape(code) || !user.recoverySetId) return false;
    const record = await RecoveryCode.findById(
      `${user._id.toHexString()}:${user.recoverySetId}:${code.slice(0, 4)}`,
    ).lean();
    if (!record || !(await passwords.verify(code.slice(4), record.hash))) return false;
    const now = clock.now();
    if (!(await spendOnce(Spend, `rc:${record._id}`, new Date(now.getTime() + LONG_LIVED_MS)))) return false;
    securityLog.record('RECOVERY_CODE_USED', { userId: user._id, client }, now);
    return true;
  }

  /** A new set for an account with MFA, after the password; the old set stops working. */
  async function regenerate(viewer: { userId: Types.ObjectId }, input: { password: string }, client: ClientInfo) {
    const user = await users.ofViewer(viewer);
    if (!isMfaEnabled(user)) throw new BadUserInputError(Message.MFA_OFF);
    await confirmPassword(user, input.password, client);
    const { setId, codes } = await issue(user._id);
    await users.setRecoverySet(user._id, setId); // the old set stops working here
    await RecoveryCode.deleteMany({ userId: user._id, setId: trusted({ $ne: setId }) });
    securityLog.record('RECOVERY_CODES_REGENERATED', { userId: user._id, client });
    return codes;
  }

  /** Every code of the account, when MFA is turned off. */
  async function removeAll(userId: Types.ObjectId): Promise<void> {
    await RecoveryCode.deleteMany({ userId });
  }

  return { issue, spend, regenerate, removeAll };
}

export type RecoveryCodes = ReturnType<typeof createRecoveryCodes>;
