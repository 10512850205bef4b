// The second factor of a sign-in (OWASP MFA cheat sheet, ASVS 5.0 V6.3.3, V6.5):
// - A code is normalised once (`normalizeCode`): spaces and dashes dropped, upper case.
// - A TOTP code is accepted for the current or previous step (totp.ts), and its step is
//   spent by the single-winner insert `totp:<user>:<step>` into `spends` (db/spends.ts):
//   a code signs in once, however many requests race with it.
// - The pending login: the right password of an account with MFA yields a 5-minute cookie
//   whose SHA-256 keys a `pending_logins` record, never tokens. Completing it is spent by
//   the insert `pl:<pending login>`. 5 wrong codes void it; MFA_MAX_FAILURES_ACCOUNT
//   wrong codes per account and window lock the second step (per device, on the owner's
//   trusted device); MFA_MAX_CONSECUTIVE_FAILURES in a row block password sign-in until a
//   new password (consecutiveFailures.ts, NIST SP 800-63B §5.2.2).
// - A wrong code after the right password tells the owner someone has it (SECOND_FACTOR_FAILED,
//   mailed), at most once an hour; not from the owner's trusted device.
// - A password change since step 1 voids the pending login (isCurrentCredential).
import { createHash, randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { SecurityLog } from '../securityEvents/securityLog';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Models } from '../db';
import { spendOnce } from '../db/spends';
import { ErrorCode, InvalidCodeError, Message, PublicError, RateLimitedError, UnauthenticatedError } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { UserDocument } from '../users/userModel';
import { credentialVersionOf, isCurrentCredential, isMfaEnabled } from '../users/userService';
import type { UserService } from '../users/userService';
import { createConsecutiveFailures } from './consecutiveFailures';
import type { RecoveryCodes } from './recoveryCodes';
import type { SecretBox } from '../security/secretBox';
import { matchingStep } from './totp';

export const PENDING_LOGIN_TTL_MS = 5 * 60_000;
/** Spent TOTP steps need outlive only the window in which their code is accepted. */
const STEP_SPEND_TTL_MS = 5 * 60_000;
const CODE_MAX_CHARS = 64;

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * A code as typed (spaces, dashes, any case) in the one form every check reads: a TOTP code,
 * or a recovery code (28 characters, 34 with dashes; 16 for codes issued before issue 19).
 * An overlong one is a wrong code, INVALID_CODE like any other (issue 19 §2c).
 */
export function normalizeCode(raw: string): string {
  if (raw.length > CODE_MAX_CHARS) throw new InvalidCodeError();
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

export interface PendingMfa {
  token: string;
  expiresAt: Date;
}

interface Deps {
  config: Config['mfa'];
  models: Pick<Models, 'PendingLogin' | 'Spend' | 'RateLimitEvent'>;
  users: UserService;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  box: SecretBox;
  recoveryCodes: Pick<RecoveryCodes, 'spend'>;
  securityLog: Pick<SecurityLog, 'record'>;
  clock: Clock;
}

export function createSecondFactor(deps: Deps) {
  const { config, models, users, limiter, policy, box, recoveryCodes, securityLog, clock } = deps;
  const { PendingLogin, Spend } = models;
  const streaks = createConsecutiveFailures({
    maxConsecutive: config.maxConsecutiveFailures,
    models,
    securityLog,
    clock,
  });
  const resetRequired = () => new PublicError(ErrorCode.PASSWORD_RESET_REQUIRED, Message.PASSWORD_RESET_REQUIRED);

  /** True when `code` (normalised) is a TOTP code of `secret` whose step this call spends. */
  async function acceptTotp(userId: Types.ObjectId, secret: string, code: string): Promise<boolean> {
    const now = clock.now();
    const step = /^\d{6}$/.test(code) ? matchingStep(secret, code, now.getTime()) : null;
    if (step === null) return false;
    const expiresAt = new Date(now.getTime() + STEP_SPEND_TTL_MS);
    return spendOnce(Spend, `totp:${userId.toHexString()}:${step}`, expiresAt);
  }

  /** Checks and spends a TOTP or recovery code of a user with MFA on; false for a wrong, used or expired one. */
  async function spendCode(user: UserDocument, raw: string, client: ClientInfo): Promise<boolean> {
    const code = normalizeCode(raw);
    if (!user.totpSecret) return false;
    if (/^\d{6}$/.test(code)) {
      // A secret sealed under another key opens to null: TOTP fails, recovery codes still work.
      const secret = box.open(user.totpSecret);
      return secret !== null && acceptTotp(user._id, secret, code);
    }
    return recoveryCodes.spend(user, code, client);
  }

  /** Login step 1 passed for `user`: a pending login, bound to this user and this password. */
  async function beginLogin(user: UserDocument, newDevice: boolean): Promise<PendingMfa> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(clock.now().getTime() + PENDING_LOGIN_TTL_MS);
    const credentialVersion = credentialVersionOf(user);
    await PendingLogin.create({ _id: sha256(token), userId: user._id, credentialVersion, newDevice, expiresAt });
    return { token, expiresAt };
  }

  const expired = () => new UnauthenticatedError(Message.MFA_LOGIN_EXPIRED);

  /** The live pending login of this cookie and its account, or expired. */
  async function livePending(token: string | undefined) {
    const pending = token ? await PendingLogin.findById(sha256(token)).lean() : null;
    if (!pending || pending.expiresAt.getTime() <= clock.now().getTime()) throw expired();
    const user = await users.byId(pending.userId);
    if (!user || !isCurrentCredential(user, pending.credentialVersion) || !isMfaEnabled(user)) throw expired();
    if (await streaks.isBlocked(user)) {
      await PendingLogin.deleteOne({ _id: pending._id });
      throw resetRequired();
    }
    return { pending, user };
  }

  /** This attempt, counted against its account (or the owner's trusted device) and its pending login. */
  async function countAttempt(pendingId: string, userId: string, trustedDevice: string | null) {
    const account = await limiter.attempt(policy.secondFactor(userId, config.maxFailuresPerAccount, trustedDevice));
    const thisLogin = await limiter.attempt(policy.pendingLogin(pendingId)).catch(async (error: unknown) => {
      if (!(error instanceof RateLimitedError)) throw error;
      await PendingLogin.deleteOne({ _id: pendingId }); // 5 wrong codes: sign in again
      throw expired();
    });
    return [account, thisLogin];
  }

  /** A wrong code: shown to the owner, and counted toward the block unless from their trusted device. */
  async function refuse(user: UserDocument, client: ClientInfo, trustedDevice: string | null): Promise<never> {
    if (trustedDevice) {
      securityLog.record('LOGIN_FAILED', { userId: user._id, client });
      throw new InvalidCodeError();
    }
    const notice = await streaks.noticeDue(user);
    securityLog.record(notice ? 'SECOND_FACTOR_FAILED' : 'LOGIN_FAILED', { userId: user._id, client });
    if (await streaks.fail(user, client)) throw resetRequired();
    throw new InvalidCodeError();
  }

  /**
   * Login step 2: the user and whether the device was new, or INVALID_CODE / UNAUTHENTICATED /
   * RATE_LIMITED / PASSWORD_RESET_REQUIRED. `trustedDevice` names the owner's device, if the
   * browser showed its device cookie.
   */
  async function completeLogin(
    token: string | undefined,
    input: { code: string },
    client: ClientInfo,
    trustedDevice: (user: UserDocument) => string | null = () => null,
  ) {
    const { pending, user } = await livePending(token);
    const device = trustedDevice(user);
    const attempts = await countAttempt(pending._id, user._id.toHexString(), device);
    if (!(await spendCode(user, input.code, client))) return refuse(user, client, device);
    await Promise.all([...attempts.map((attempt) => attempt.withdraw()), streaks.succeed(user)]);
    const spendUntil = new Date(clock.now().getTime() + PENDING_LOGIN_TTL_MS);
    if (!(await spendOnce(Spend, `pl:${pending._id}`, spendUntil))) throw expired();
    await PendingLogin.deleteOne({ _id: pending._id });
    return { user, newDevice: pending.newDevice };
  }

  /** True when password sign-in of `user` is blocked until a new password (too many wrong codes in a row). */
  const passwordSignInBlocked = (user: UserDocument) => streaks.isBlocked(user);

  return { acceptTotp, spendCode, beginLogin, completeLogin, passwordSignInBlocked };
}

export type SecondFactor = ReturnType<typeof createSecondFactor>;
