// Recovery codes: the way back in without the authenticator app (ASVS 5.0 V6.5.2,
// NIST SP 800-63B §5.1.2 look-up secrets).
// - 10 per set; each is a 4-character id + 24 base32 characters (120 random bits). The id
//   finds the record; the whole code is stored only as its SHA-256, compared in constant time.
//   At 112 bits and more a plain hash is enough (ASVS 5.0 V6.5.2): nobody can search that
//   space, so a set costs no password-hash work (10 bcrypt hashes per set emptied the
//   hashing pool when 4 users turned MFA on at once: issue 19 §2).
// - Codes issued before (4 + 12 characters, 60 secret bits, a bcrypt hash of the 12) keep
//   working until their owner makes a new set: their record's hash says which kind it is.
// - A new set voids the old one with one write (the user's `recoverySetId`).
// - Each code is spent once by the single-winner insert `rc:<record id>` into `spends`
//   (db/spends.ts), however many requests race with it.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
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

/** 24 base32 characters: 120 bits, above the 112 of ASVS 5.0 V6.5.2. */
const SECRET_CHARS = 24;

const base32 = (length: number) => Array.from({ length }, () => BASE32[randomInt(32)]).join('');
const sha256 = (code: string) => createHash('sha256').update(code).digest();
/** Written before issue 19: bcrypt of the 12 characters after the id. */
const isLegacyHash = (hash: string) => hash.startsWith('$2');

/** A normalised code (secondFactor.ts) that has the shape of a recovery code, of now (28) or before (16). */
export const isRecoveryCodeShape = (code: string): boolean => /^[A-Z2-7]{4}([A-Z2-7]{12}|[A-Z2-7]{24})$/.test(code);

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
    const codes = [...ids].map((id) => id + base32(SECRET_CHARS));
    const expiresAt = new Date(clock.now().getTime() + LONG_LIVED_MS);
    await RecoveryCode.insertMany(
      codes.map((code) => ({
        _id: `${userId.toHexString()}:${setId}:${code.slice(0, 4)}`,
        userId,
        setId,
        hash: sha256(code).toString('base64url'),
        expiresAt,
      })),
    );
    // Shown in groups of 4 (XXXX-XXXX-…); normalizeCode drops the dashes again.
    return { setId, codes: codes.map((code) => code.match(/.{4}/g)!.join('-')) };
  }

  /** The code matches its record: a constant-time compare of SHA-256s, or bcrypt for a code issued before. */
  async function matches(user: UserDocument, code: string, hash: string): Promise<boolean> {
    if (isLegacyHash(hash)) return code.length === 16 && passwords.verify(code.slice(4), hash, user.email);
    const stored = Buffer.from(hash, 'base64url');
    const presented = sha256(code);
    return stored.length === presented.length && timingSafeEqual(stored, presented);
  }

  /** Checks and spends a normalised recovery code of the set in force; false when wrong or used. */
  async function spend(user: UserDocument, code: string, client: ClientInfo): Promise<boolean> {
    if (!isRecoveryCodeShape(code) || !user.recoverySetId) return false;
    const record = await RecoveryCode.findById(
      `${user._id.toHexString()}:${user.recoverySetId}:${code.slice(0, 4)}`,
    ).lean();
    if (!record || !(await matches(user, code, record.hash))) return false;
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
