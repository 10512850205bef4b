// Account recovery and address proof by email: password reset, email
// verification, and the "your password was changed" notice. Tokens are
// emailTokens.ts; mail leaves through the outbox (mail/outbox.ts), off the
// request path.
// - requestPasswordReset answers true for every well-formed address, after the
//   same rate-limit step; the account lookup, the token and the mail all happen
//   after the response (OWASP Forgot Password cheat sheet: same response, same
//   time, whether or not the account exists).
// - resetPassword is limited per network (PASSWORD_RESET_MAX_PER_IP), refuses a dead
//   or spent token before any hashing, screens the new password against the account the
//   token names (a refusal leaves the token usable), spends the token once (a unique-index insert),
//   then changes the password and the credential version in one write, which ends
//   every session at once, and deletes them; it signs nobody in (the user logs in
//   with the new password, and with their second factor once there is one).
//   If the address was not confirmed before, the reset also removes the passkeys,
//   TOTP and recovery codes added to the account (unconfirmedFactors.ts) and says so
//   in the notice: whoever added them may not be the owner (ASVS 5.0 V6.4.3).
import type { SecurityLog } from '../securityEvents/securityLog';
import type { Config } from '../config';
import { BadUserInputError, InvalidTokenError, Message } from '../errors';
import { normalizeEmail } from '../auth/credentials';
import type { PasswordScreen } from '../auth/credentials';
import type { PasswordHasher } from '../auth/password';
import type { Viewer } from '../auth/viewer';
import type { Clock } from '../clock';
import type { Outbox } from '../mail/outbox';
import { templates } from '../mail/templates';
import type { ClientInfo } from '../security/clientInfo';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { SessionService } from '../sessions/sessionService';
import type { UserDocument } from '../users/userModel';
import { isEmailVerified, isMfaEnabled } from '../users/userService';
import type { UserService } from '../users/userService';
import { TokenPurpose } from './emailTokenModel';
import type { EmailTokens } from './emailTokens';
import type { UnconfirmedFactors } from './unconfirmedFactors';

/** A token is 43 characters; anything much longer is junk, refused before any work. */
const TOKEN_MAX_CHARS = 128;

function tokenInput(raw: string): string {
  const token = raw.trim();
  if (token.length === 0) throw new BadUserInputError(Message.TOKEN_REQUIRED, 'token');
  if (token.length > TOKEN_MAX_CHARS) throw new BadUserInputError(Message.TOKEN_TOO_LONG(TOKEN_MAX_CHARS), 'token');
  return token;
}

interface Deps {
  config: Pick<Config, 'appUrl' | 'emailTokens'>;
  users: UserService;
  sessions: SessionService;
  passwords: PasswordHasher;
  screenPassword: PasswordScreen;
  tokens: EmailTokens;
  unconfirmedFactors: UnconfirmedFactors;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  outbox: Outbox;
  securityLog: Pick<SecurityLog, 'record'>;
  clock: Clock;
}

export function createRecoveryService(deps: Deps) {
  const {
    config,
    users,
    sessions,
    passwords,
    screenPassword,
    tokens,
    unconfirmedFactors,
    limiter,
    policy,
    outbox,
    securityLog,
    clock,
  } = deps;
  const { passwordResetTtlMs, emailVerificationTtlMs } = config.emailTokens;

  function mailVerification(user: Pick<UserDocument, '_id' | 'email'>): void {
    outbox.post('email_verification', async () => {
      const token = await tokens.issue(user, TokenPurpose.EMAIL_VERIFICATION, emailVerificationTtlMs);
      return templates.emailVerification(user.email, config.appUrl, token, emailVerificationTtlMs);
    });
  }

  async function requestPasswordReset(input: { email: string }, client: ClientInfo): Promise<true> {
    const email = normalizeEmail(input.email);
    await limiter.attempt(policy.passwordResetRequest(email, client.ipAddress));
    outbox.post('password_reset', async () => {
      const user = await users.byEmail(email);
      if (!user) return null;
      securityLog.record('PASSWORD_RESET_REQUESTED', { userId: user._id, client });
      const token = await tokens.issue(user, TokenPurpose.PASSWORD_RESET, passwordResetTtlMs);
      return templates.passwordReset(user.email, config.appUrl, token, passwordResetTtlMs);
    });
    return true;
  }

  async function resetPassword(input: { token: string; newPassword: string }, client: ClientInfo): Promise<true> {
    const token = tokenInput(input.token);
    await limiter.attempt(policy.passwordReset(client.ipAddress));
    // Unknown, expired, superseded or spent: refused here, before any password hashing.
    const record = await tokens.check(token, TokenPurpose.PASSWORD_RESET);
    const user = record && (await users.byId(record.userId));
    if (!record || !user || user.email !== record.email) throw new InvalidTokenError();
    // The account is known from the token; its password's rules come before the token is
    // spent, so a refused password leaves the token usable.
    const password = await screenPassword(input.newPassword, user, 'newPassword');
    const passwordHash = await passwords.hash(password, user.email);
    if (!(await tokens.spend(record))) throw new InvalidTokenError();
    await setResetPassword(user, passwordHash, client);
    return true;
  }

  /** The spent token's new password, and on an account never confirmed, no sign-in method from before. */
  async function setResetPassword(user: UserDocument, passwordHash: string, client: ClientInfo): Promise<void> {
    const now = clock.now();
    const unconfirmed = !isEmailVerified(user);
    const passkeysRemoved = unconfirmed ? await unconfirmedFactors.beforeVerifying(user._id) : 0;
    // One write: the new hash, a new credential version (every session of the old one is
    // refused from here on, on every instance: sessionGuard.ts), the address proven and, if it
    // was not before, TOTP and recovery codes off. It writes over the version read with the
    // token only: a password change that wrote first wins.
    const write = { verifiesEmail: true, removesSecondFactor: unconfirmed };
    if (!(await users.setPasswordHash(user, passwordHash, now, write))) throw new InvalidTokenError();
    if (unconfirmed) await unconfirmedFactors.afterVerifying(user._id);
    await sessions.revokeAllOf(user._id, 'password_reset');
    // Mails the owner, and says so when sign-in methods were removed.
    const signInMethodsRemoved = passkeysRemoved > 0 || (unconfirmed && isMfaEnabled(user));
    securityLog.record('PASSWORD_RESET', { userId: user._id, client, signInMethodsRemoved }, now);
  }

  async function sendVerificationEmail(viewer: Viewer, client: ClientInfo): Promise<true> {
    const user = await users.ofViewer(viewer);
    if (isEmailVerified(user)) return true;
    await limiter.attempt(policy.verificationEmail(user._id.toHexString(), client.ipAddress));
    mailVerification(user);
    return true;
  }

  /**
   * Marks the token's address verified. Idempotent, so not spent: the same token again is
   * true again (a mail scanner that ran the page must not make the user see an error).
   */
  async function verifyEmail(input: { token: string }, client: ClientInfo): Promise<true> {
    const record = await tokens.check(tokenInput(input.token), TokenPurpose.EMAIL_VERIFICATION);
    const user = record && (await users.byId(record.userId));
    if (!record || !user || user.email !== record.email) throw new InvalidTokenError();
    if (isEmailVerified(user)) return true;
    await users.markEmailVerified(user._id, record.email, clock.now());
    securityLog.record('EMAIL_VERIFIED', { userId: user._id, client });
    return true;
  }

  return {
    requestPasswordReset,
    resetPassword,
    sendVerificationEmail,
    verifyEmail,
    /** What signIn/register.ts tells the owner by mail. */
    accountMail: { registered: mailVerification },
  };
}

export type RecoveryService = ReturnType<typeof createRecoveryService>;
