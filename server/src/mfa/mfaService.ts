// Two-factor authentication with TOTP and recovery codes (OWASP MFA cheat sheet,
// ASVS 5.0 V6.3.3, V6.5, NIST SP 800-63B §5.1.4.1):
// - Setup: a fresh secret, kept sealed (secretBox.ts) in a pending setup until a
//   code from the app confirms it; then MFA is on and 10 recovery codes are shown
//   once. The confirming code's time step is spent, so it cannot sign anyone in.
// - Login: the right password of an account with MFA yields a pending login (a
//   5-minute cookie), never tokens; `completeLogin` takes a TOTP or recovery code.
// - Every code is spent by a unique-index insert (db/spends.ts): one TOTP time
//   step per user, one use per recovery code, one completion per pending login,
//   whatever the concurrency. Wrong codes: 5 per pending login (then it is void),
//   MFA_MAX_FAILURES_ACCOUNT per account and window.
// - Recovery codes: 4-character id + 60 random bits; the id finds the record, the
//   secret part is only stored as a bcrypt hash (ASVS 5.0 V6.5.2).
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Types } from 'mongoose';
import type { SecurityLog } from '../activity/securityLog';
import type { PasswordHasher } from '../auth/password';
import type { ConfirmPassword } from '../auth/passwordConfirmation';
import type { Config } from '../config';
import { trusted } from '../db';
import { spendOnce } from '../db/spends';
import type { Models } from '../db';
import { BadUserInputError, InvalidCodeError, Message, RateLimitedError, UnauthenticatedError } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { UserDocument } from '../users/userModel';
import { credentialVersionOf } from '../users/userService';
import type { UserService } from '../users/userService';
import type { SecretBox } from './secretBox';
import { matchingStep, newTotpSecret } from './totp';

export const PENDING_LOGIN_TTL_MS = 5 * 60_000;
const SETUP_TTL_MS = 15 * 60_000;
const RECOVERY_CODES = 10;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Spent TOTP steps need outlive only the window in which their code is accepted. */
const STEP_SPEND_TTL_MS = 5 * 60_000;
/** Recovery codes and their spends last until a new set replaces them. */
const LONG_LIVED_MS = 10 * 365 * 24 * 3600 * 1000;
const CODE_MAX_CHARS = 64;

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const base32 = (length: number) => Array.from({ length }, () => BASE32[randomInt(32)]).join('');

export interface PendingMfa {
  token: string;
  expiresAt: Date;
}

interface Deps {
  config: Config['mfa'];
  models: Pick<Models, 'TotpSetup' | 'PendingLogin' | 'RecoveryCode' | 'Spend'>;
  users: UserService;
  passwords: PasswordHasher;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  box: SecretBox;
  securityLog: Pick<SecurityLog, 'record'>;
  confirmPassword: ConfirmPassword;
}

export function createMfaService(deps: Deps) {
  const { config, models, users, passwords, limiter, policy, box, securityLog, confirmPassword } = deps;
  const { TotpSetup, PendingLogin, RecoveryCode, Spend } = models;

  /** True for the one caller that spends `key`. */
  const spend = (key: string, ttlMs: number, now = new Date()) =>
    spendOnce(Spend, key, new Date(now.getTime() + ttlMs));

  async function viewerUser(userId: Types.ObjectId): Promise<UserDocument> {
    const user = await users.byId(userId);
    if (!user) throw new UnauthenticatedError(Message.ACCOUNT_GONE);
    return user;
  }

  /** A fresh set of recovery codes, stored hashed under a new set id; returns them in clear, once. */
  async function newRecoverySet(userId: Types.ObjectId, now = new Date()): Promise<{ setId: string; codes: string[] }> {
    const setId = randomBytes(9).toString('base64url');
    const ids = new Set<string>();
    while (ids.size < RECOVERY_CODES) ids.add(base32(4));
    const codes = [...ids].map((id) => ({ id, secret: base32(12) }));
    const docs = await Promise.all(
      codes.map(async ({ id, secret }) => ({
        _id: `${userId.toHexString()}:${setId}:${id}`,
        userId,
        setId,
        hash: await passwords.hash(secret),
        expiresAt: new Date(now.getTime() + LONG_LIVED_MS),
      })),
    );
    await RecoveryCode.insertMany(docs);
    return {
      setId,
      codes: codes.map(({ id, secret }) => `${id}-${secret.slice(0, 4)}-${secret.slice(4, 8)}-${secret.slice(8)}`),
    };
  }

  /**
   * Checks and spends a TOTP or recovery code of a user with MFA on. Returns how it matched,
   * or null for a wrong, used or expired code (one answer for all: INVALID_CODE).
   */
  async function spendCode(
    user: UserDocument,
    raw: string,
    client: ClientInfo,
    now = new Date(),
  ): Promise<'totp' | 'recovery' | null> {
    if (raw.length > CODE_MAX_CHARS) throw new BadUserInputError(Message.INVALID_CODE, 'code');
    const code = raw.replace(/[\s-]/g, '').toUpperCase();
    if (!user.totpSecret) return null;
    if (/^\d{6}$/.test(code)) {
      // A secret sealed under another key opens to null: TOTP fails, recovery codes still work.
      const secret = box.open(user.totpSecret);
      if (!secret) return null;
      const step = matchingStep(secret, code, now.getTime());
      if (step === null) return null;
      return (await spend(`totp:${user._id.toHexString()}:${step}`, STEP_SPEND_TTL_MS, now)) ? 'totp' : null;
    }
    if (!/^[A-Z2-7]{16}$/.test(code) || !user.recoverySetId) return null;
    const record = await RecoveryCode.findById(
      `${user._id.toHexString()}:${user.recoverySetId}:${code.slice(0, 4)}`,
    ).lean();
    if (!record || !(await passwords.verify(code.slice(4), record.hash))) return null;
    if (!(await spend(`rc:${record._id}`, LONG_LIVED_MS, now))) return null;
    securityLog.record('RECOVERY_CODE_USED', { userId: user._id, client }, now);
    return 'recovery';
  }

  async function startSetup(userId: Types.ObjectId, input: { password: string }, client: ClientInfo) {
    const user = await viewerUser(userId);
    if (user.totpSecret) throw new BadUserInputError(Message.MFA_ALREADY_ON);
    await confirmPassword(user, input.password, client);
    const fresh = await newTotpSecret(config.issuer, user.email);
    const expiresAt = new Date(Date.now() + SETUP_TTL_MS);
    await TotpSetup.updateOne(
      { _id: userId.toHexString() },
      { $set: { secret: box.seal(fresh.base32), expiresAt } },
      { upsert: true },
    );
    return { secret: fresh.base32, otpauthUri: fresh.uri, qrCodeSvg: fresh.qrCodeSvg };
  }

  async function confirmSetup(userId: Types.ObjectId, input: { code: string }, client: ClientInfo): Promise<string[]> {
    const user = await viewerUser(userId);
    if (user.totpSecret) throw new BadUserInputError(Message.MFA_ALREADY_ON);
    const setup = await TotpSetup.findById(userId.toHexString()).lean();
    const secret = setup && setup.expiresAt.getTime() > Date.now() ? box.open(setup.secret) : null;
    if (!setup || !secret) throw new BadUserInputError(Message.MFA_NOT_STARTED);
    const attempt = await limiter.attempt(policy.secondFactor(userId.toHexString(), config.maxFailuresPerAccount));
    const code = input.code.replace(/\s/g, '');
    const step = /^\d{6}$/.test(code) ? matchingStep(secret, code) : null;
    // The confirming step is spent: the same code cannot then complete a login.
    if (step === null || !(await spend(`totp:${userId.toHexString()}:${step}`, STEP_SPEND_TTL_MS))) {
      throw new InvalidCodeError();
    }
    await attempt.withdraw();
    // Codes first, then one write turns MFA on with them: a crash between leaves MFA off.
    const { setId, codes } = await newRecoverySet(userId);
    if (!(await users.enableMfa(userId, setup.secret, setId))) throw new BadUserInputError(Message.MFA_ALREADY_ON);
    await TotpSetup.deleteOne({ _id: setup._id });
    securityLog.record('MFA_ENABLED', { userId, client });
    return codes;
  }

  async function disable(userId: Types.ObjectId, input: { password: string; code: string }, client: ClientInfo) {
    const user = await viewerUser(userId);
    if (!user.totpSecret) throw new BadUserInputError(Message.MFA_OFF);
    await confirmPassword(user, input.password, client);
    const attempt = await limiter.attempt(policy.secondFactor(userId.toHexString(), config.maxFailuresPerAccount));
    if (!(await spendCode(user, input.code, client))) throw new InvalidCodeError();
    await attempt.withdraw();
    await users.disableMfa(userId);
    await RecoveryCode.deleteMany({ userId });
    securityLog.record('MFA_DISABLED', { userId, client });
    return true as const;
  }

  async function regenerateCodes(userId: Types.ObjectId, input: { password: string }, client: ClientInfo) {
    const user = await viewerUser(userId);
    if (!user.totpSecret) throw new BadUserInputError(Message.MFA_OFF);
    await confirmPassword(user, input.password, client);
    const { setId, codes } = await newRecoverySet(userId);
    await users.setRecoverySet(userId, setId); // the old set stops working here
    await RecoveryCode.deleteMany({ userId, setId: trusted({ $ne: setId }) });
    securityLog.record('RECOVERY_CODES_REGENERATED', { userId, client });
    return codes;
  }

  /** Login step 1 passed for `user`: a pending login, bound to this user and this attempt. */
  async function beginLogin(user: UserDocument, newDevice: boolean): Promise<PendingMfa> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + PENDING_LOGIN_TTL_MS);
    await PendingLogin.create({
      _id: sha256(token),
      userId: user._id,
      credentialVersion: credentialVersionOf(user),
      newDevice,
      expiresAt,
    });
    return { token, expiresAt };
  }

  /** Login step 2: the user and whether the device was new, or INVALID_CODE / UNAUTHENTICATED / RATE_LIMITED. */
  async function completeLogin(token: string | undefined, input: { code: string }, client: ClientInfo) {
    const expired = () => new UnauthenticatedError(Message.MFA_LOGIN_EXPIRED);
    const pending = token ? await PendingLogin.findById(sha256(token)).lean() : null;
    if (!pending || pending.expiresAt.getTime() <= Date.now()) throw expired();
    const account = await limiter.attempt(
      policy.secondFactor(pending.userId.toHexString(), config.maxFailuresPerAccount),
    );
    const thisLogin = await limiter.attempt(policy.pendingLogin(pending._id)).catch(async (error: unknown) => {
      if (!(error instanceof RateLimitedError)) throw error;
      await PendingLogin.deleteOne({ _id: pending._id }); // 5 wrong codes: sign in again
      throw expired();
    });
    const user = await users.byId(pending.userId);
    if (!user || credentialVersionOf(user) !== pending.credentialVersion || !user.totpSecret) throw expired();
    if (!(await spendCode(user, input.code, client))) {
      securityLog.record('LOGIN_FAILED', { userId: user._id, client });
      throw new InvalidCodeError();
    }
    await Promise.all([account.withdraw(), thisLogin.withdraw()]);
    if (!(await spend(`pl:${pending._id}`, PENDING_LOGIN_TTL_MS))) throw expired();
    await PendingLogin.deleteOne({ _id: pending._id });
    return { user, newDevice: pending.newDevice };
  }

  return {
    isEnabled: (user: UserDocument) => Boolean(user.totpSecret),
    startSetup,
    confirmSetup,
    disable,
    regenerateCodes,
    beginLogin,
    completeLogin,
  };
}

export type MfaService = ReturnType<typeof createMfaService>;
