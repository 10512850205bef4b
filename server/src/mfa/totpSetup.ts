// Turning TOTP on and off (OWASP MFA cheat sheet: changes to factors need the password
// and, to turn one off, the factor itself).
// - Setup: a fresh secret, kept sealed (security/secretBox.ts) in a pending setup for 15 minutes
//   until a code from the app confirms it; the confirming code's step is then spent, so
//   it cannot complete a login. Recovery codes are written first and one write turns MFA
//   on with them: a crash between leaves MFA off.
// - Disable: the password and a current code (TOTP or recovery).
// - Step-up (signIn/reauthenticate.ts): on an account with MFA, a current code after the
//   password, counted like the codes of a sign-in (ASVS 5.0 V7.5.1, issue 19 §5).
// - Setup only on an account whose address is confirmed (EMAIL_NOT_VERIFIED: users/userService.ts).
import type { Types } from 'mongoose';
import type { SecurityLog } from '../securityEvents/securityLog';
import type { ConfirmPassword } from '../auth/passwordConfirmation';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Models } from '../db';
import { BadUserInputError, InvalidCodeError, Message } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import { isMfaEnabled } from '../users/userService';
import type { UserDocument } from '../users/userModel';
import type { UserService } from '../users/userService';
import type { RecoveryCodes } from './recoveryCodes';
import type { SecondFactor } from './secondFactor';
import { normalizeCode } from './secondFactor';
import type { SecretBox } from '../security/secretBox';
import { newTotpSecret } from './totp';

const SETUP_TTL_MS = 15 * 60_000;

type ViewerRef = { userId: Types.ObjectId };

interface Deps {
  config: Config['mfa'];
  models: Pick<Models, 'TotpSetup'>;
  users: UserService;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  box: SecretBox;
  secondFactor: Pick<SecondFactor, 'acceptTotp' | 'spendCode'>;
  recoveryCodes: Pick<RecoveryCodes, 'issue' | 'removeAll'>;
  securityLog: Pick<SecurityLog, 'record'>;
  confirmPassword: ConfirmPassword;
  clock: Clock;
}

export function createTotpSetup(deps: Deps) {
  const { config, models, users, limiter, policy, box, secondFactor, recoveryCodes, securityLog, clock } = deps;
  const { TotpSetup } = models;
  const { confirmPassword } = deps;
  /** Wrong codes at setup and disable count with those of the sign-in's second step. */
  const countCodeGuess = (userId: Types.ObjectId) =>
    limiter.attempt(policy.secondFactor(userId.toHexString(), config.maxFailuresPerAccount));

  async function startSetup(viewer: ViewerRef, input: { password: string }, client: ClientInfo) {
    const user = await users.verifiedOfViewer(viewer);
    if (isMfaEnabled(user)) throw new BadUserInputError(Message.MFA_ALREADY_ON);
    await confirmPassword(user, input.password, client);
    const fresh = await newTotpSecret(config.issuer, user.email);
    const expiresAt = new Date(clock.now().getTime() + SETUP_TTL_MS);
    await TotpSetup.updateOne(
      { _id: user._id.toHexString() },
      { $set: { secret: box.seal(fresh.base32), expiresAt } },
      { upsert: true },
    );
    return { secret: fresh.base32, otpauthUri: fresh.uri, qrCodeSvg: fresh.qrCodeSvg };
  }

  async function confirmSetup(viewer: ViewerRef, input: { code: string }, client: ClientInfo): Promise<string[]> {
    const user = await users.verifiedOfViewer(viewer);
    if (isMfaEnabled(user)) throw new BadUserInputError(Message.MFA_ALREADY_ON);
    const setup = await TotpSetup.findById(user._id.toHexString()).lean();
    const secret = setup && setup.expiresAt.getTime() > clock.now().getTime() ? box.open(setup.secret) : null;
    if (!setup || !secret) throw new BadUserInputError(Message.MFA_NOT_STARTED);
    const attempt = await countCodeGuess(user._id);
    // The confirming step is spent: the same code cannot then complete a login.
    if (!(await secondFactor.acceptTotp(user._id, secret, normalizeCode(input.code)))) throw new InvalidCodeError();
    await attempt.withdraw();
    const { setId, codes } = await recoveryCodes.issue(user._id);
    if (!(await users.enableMfa(user._id, setup.secret, setId))) throw new BadUserInputError(Message.MFA_ALREADY_ON);
    await TotpSetup.deleteOne({ _id: setup._id });
    securityLog.record('MFA_ENABLED', { userId: user._id, client });
    return codes;
  }

  async function disable(viewer: ViewerRef, input: { password: string; code: string }, client: ClientInfo) {
    const user = await users.ofViewer(viewer);
    if (!isMfaEnabled(user)) throw new BadUserInputError(Message.MFA_OFF);
    await confirmPassword(user, input.password, client);
    await confirmCode(user, input.code, client);
    await users.disableMfa(user._id);
    await recoveryCodes.removeAll(user._id);
    securityLog.record('MFA_DISABLED', { userId: user._id, client });
    return true as const;
  }

  /**
   * The second factor of a confirmation (disable, the step-up): nothing to ask without MFA;
   * missing or blank is BAD_USER_INPUT on `code`, wrong INVALID_CODE (issue 19 §2c).
   */
  async function confirmCode(user: UserDocument, code: string | null | undefined, client: ClientInfo) {
    if (!isMfaEnabled(user)) return;
    if (!code?.trim()) throw new BadUserInputError(Message.CODE_REQUIRED, 'code');
    const attempt = await countCodeGuess(user._id);
    if (!(await secondFactor.spendCode(user, code, client))) throw new InvalidCodeError();
    await attempt.withdraw();
  }

  return { startSetup, confirmSetup, disable, confirmCode };
}
