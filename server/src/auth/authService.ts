// Sign-up, sign-in, refresh and password change: the rules of each, once.
// Every success ends in a session, its refresh token and an access token.
import { BadUserInputError, EmailTakenError, InvalidCredentialsError, Message } from '../errors';
import type { SecurityLog } from '../activity/securityLog';
import type { MfaService, PendingMfa } from '../mfa/mfaService';
import type { PasskeyService } from '../passkeys/passkeyService';
import type { ClientInfo } from '../security/clientInfo';
import type { DeviceCookies } from '../security/deviceCookie';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { IssuedSession, SessionService } from '../sessions/sessionService';
import type { UserDocument } from '../users/userModel';
import { credentialVersionOf } from '../users/userService';
import type { UserService } from '../users/userService';
import { normalizeEmail, normalizeLoginPassword, normalizeName, validateNewPassword } from './credentials';
import type { PasswordHasher } from './password';
import type { ConfirmPassword } from './passwordConfirmation';
import type { AccessTokens, IssuedAccessToken } from './tokens';
import type { Viewer } from './viewer';

export interface SignedIn extends IssuedSession {
  user: UserDocument;
  access: IssuedAccessToken;
  /** A device cookie to set, after a sign-in with the password. */
  device?: string;
}

/** What the browser presented beside the password: its current refresh cookie and device cookie. */
export interface Presented {
  refreshToken: string | undefined;
  device: string | undefined;
}

/** The mail a sign-up sends (recovery/recoveryService.ts). */
export interface AccountMail {
  registered(user: UserDocument): void;
}

interface Deps {
  users: UserService;
  passwords: PasswordHasher;
  sessions: SessionService;
  accessTokens: AccessTokens;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  devices: DeviceCookies;
  mail: AccountMail;
  securityLog: Pick<SecurityLog, 'record'>;
  mfa: Pick<MfaService, 'isEnabled' | 'beginLogin' | 'completeLogin'>;
  passkeys: Pick<PasskeyService, 'completeLogin'>;
  confirmPassword: ConfirmPassword;
}

/** Login step 1 of an account with MFA: no tokens yet, a pending login for verifyMfa. */
export interface MfaRequired {
  pendingMfa: PendingMfa;
}

export function createAuthService(deps: Deps) {
  const {
    users,
    passwords,
    sessions,
    accessTokens,
    limiter,
    policy,
    devices,
    mail,
    securityLog,
    mfa,
    passkeys,
    confirmPassword,
  } = deps;
  function tokensFor(user: UserDocument, issued: IssuedSession): SignedIn {
    return { ...issued, user, access: accessTokens.issue(user._id.toHexString(), issued.session._id) };
  }

  /**
   * A new session for a password sign-in, under the credential version read with the hash
   * (a password change since then makes it stale). The browser's previous session ends
   * (ASVS 5.0 V7.2.4: a new session token on authentication), and it is remembered as a device.
   */
  async function signIn(user: UserDocument, client: ClientInfo, presented: Presented, now = new Date()) {
    const issued = await sessions.create({ _id: user._id, credentialVersion: credentialVersionOf(user) }, client, now);
    await sessions.endReplaced(presented.refreshToken);
    return { ...tokensFor(user, issued), device: devices.issue(user.email) };
  }

  async function register(
    input: { email: string; password: string; name?: string | null },
    client: ClientInfo,
    presented: Presented,
  ): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    const password = validateNewPassword(input.password);
    const name = normalizeName(input.name);
    await limiter.attempt(policy.registration(client.ipAddress));
    if (await users.emailTaken(email)) throw new EmailTakenError();
    const now = new Date();
    const user = await users.create({ email, name, passwordHash: await passwords.hash(password) }, now);
    const signedIn = await signIn(user, client, presented, now);
    mail.registered(user);
    return signedIn;
  }

  async function login(
    input: { email: string; password: string },
    client: ClientInfo,
    presented: Presented,
  ): Promise<SignedIn | MfaRequired> {
    const email = normalizeEmail(input.email);
    const password = normalizeLoginPassword(input.password);
    const device = devices.verify(presented.device, email);
    const attempt = await limiter.attempt(policy.login(email, client.ipAddress, device));
    const user = await users.byEmail(email);
    // Same bcrypt work whether or not the account exists (no enumeration by timing).
    const ok = await passwords.verify(password, user?.passwordHash ?? null).catch(async (error: unknown) => {
      await attempt.withdraw(); // refused for overload, not a guess: it must not count as a failure
      throw error;
    });
    if (!user || !ok) {
      // Only an existing account has an owner to show the failure to.
      if (user) securityLog.record('LOGIN_FAILED', { userId: user._id, client });
      throw new InvalidCredentialsError();
    }
    await attempt.withdraw();
    // No device cookie of this account: a browser or device it has not used before (ASVS 5.0 V6.3.5).
    const newDevice = device === null;
    // The MFA state is told only to whoever knows the password (it is never revealed before).
    if (mfa.isEnabled(user)) return { pendingMfa: await mfa.beginLogin(user, newDevice) };
    return completeSignIn(user, client, presented, newDevice);
  }

  async function completeSignIn(user: UserDocument, client: ClientInfo, presented: Presented, newDevice: boolean) {
    const signedIn = await signIn(user, client, presented);
    securityLog.record('LOGIN_SUCCEEDED', { userId: user._id, client, sessionId: signedIn.session._id, newDevice });
    return signedIn;
  }

  /** Login step 2: a TOTP or recovery code for the pending login of this browser; then as `login`. */
  async function verifyMfa(
    input: { code: string },
    pendingToken: string | undefined,
    client: ClientInfo,
    presented: Presented,
  ): Promise<SignedIn> {
    const { user, newDevice } = await mfa.completeLogin(pendingToken, input, client);
    return completeSignIn(user, client, presented, newDevice);
  }

  /**
   * A sign-in with a passkey: a full sign-in (the passkey verified its user, so two-factor is
   * satisfied), ending like `login`.
   */
  async function passkeyLogin(
    response: unknown,
    challenge: string | undefined,
    client: ClientInfo,
    presented: Presented,
  ): Promise<SignedIn> {
    const { user, newDevice } = await passkeys.completeLogin(response, challenge, presented.device, client);
    return completeSignIn(user, client, presented, newDevice);
  }

  /** The password again on this device, before a sensitive change; limited like a login. */
  async function reauthenticate(viewer: Viewer, input: { password: string }, client: ClientInfo): Promise<void> {
    const password = normalizeLoginPassword(input.password);
    const user = await users.byId(viewer.userId);
    if (!user) throw new InvalidCredentialsError();
    await confirmPassword(user, password, client);
    await sessions.markAuthenticated(viewer.sessionId, new Date());
  }

  /**
   * Rotates the refresh token; null when it must not yield tokens: its account is gone, or
   * its password changed since the session signed in. Such a session is refused everywhere
   * (the credential version no longer matches) and is not deleted here: a refresh landing inside
   * a changePassword, between its new hash and its renewal of the caller's session, would end
   * the very session the change keeps. The change (or reset) deletes the old sessions itself.
   */
  async function refresh(presented: unknown, client: ClientInfo): Promise<SignedIn | null> {
    const issued = await sessions.rotate(presented, client);
    if (!issued) return null;
    const user = await users.byId(issued.session.userId);
    if (user && credentialVersionOf(user) === (issued.session.credentialVersion ?? '')) {
      return tokensFor(user, issued);
    }
    return null;
  }

  /** Checks the current password, revokes every other session, keeps this device signed in (renewed session id). */
  async function changePassword(
    viewer: Viewer,
    input: { currentPassword: string; newPassword: string },
    client: ClientInfo,
  ): Promise<SignedIn> {
    const current = normalizeLoginPassword(input.currentPassword, 'currentPassword');
    const next = validateNewPassword(input.newPassword, 'newPassword');
    const user = await users.byId(viewer.userId);
    if (!user) throw new InvalidCredentialsError();
    // Guessing the current password here is limited like login, and changes are limited too.
    const attempt = await limiter.attempt(policy.passwordChange(user._id.toHexString(), user.email, client.ipAddress));
    if (!(await passwords.verify(current, user.passwordHash))) {
      throw new BadUserInputError(Message.CURRENT_PASSWORD_WRONG, 'currentPassword');
    }
    await attempt.withdraw();
    const passwordHash = await passwords.hash(next);
    const now = new Date();
    // One write changes the hash and the credential version: from here on every session
    // signed in under the old password is refused (ASVS 5.0 V7.4), whatever happens next.
    const credentialVersion = await users.setPasswordHash(user._id, passwordHash, now);
    // This device stays signed in under a renewed session id; then every other session, the
    // old id included, is deleted (clean-up: they are already refused).
    const issued = await sessions.renew(viewer.sessionId, credentialVersion, now);
    if (!issued) throw new InvalidCredentialsError();
    await sessions.revokeAllOf(user._id, 'password_changed', issued.session._id);
    securityLog.record('PASSWORD_CHANGED', { userId: user._id, client, sessionId: issued.session._id }, now);
    return tokensFor({ ...user, passwordHash, passwordChangedAt: now, credentialVersion }, issued);
  }

  return { register, login, verifyMfa, passkeyLogin, reauthenticate, refresh, changePassword };
}

export type AuthService = ReturnType<typeof createAuthService>;
