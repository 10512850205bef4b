// A password change on a signed-in device: the current password (limited like a login),
// then one write changes the hash and the credential version, so every session signed in
// under the old password is refused from that write on (ASVS 5.0 V7.4.3). This device
// stays signed in under a renewed session id (OWASP Session Management: renew the id after
// a credential change); every other session is then deleted. The write is over the credential
// version read with the current password: a reset or another change of that version that wrote
// first wins, and this one is refused (its session has ended with that write anyway).
import { normalizeLoginPassword } from '../auth/credentials';
import type { PasswordScreen } from '../auth/credentials';
import type { PasswordHasher } from '../auth/password';
import type { Viewer } from '../auth/viewer';
import type { SecurityLog } from '../securityEvents/securityLog';
import type { Clock } from '../clock';
import { BadUserInputError, InvalidCredentialsError, Message, UnauthenticatedError } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { SessionService } from '../sessions/sessionService';
import type { UserDocument } from '../users/userModel';
import type { UserService } from '../users/userService';
import type { SignedIn, SignInAttempt } from './signInAttempt';

interface Deps {
  users: UserService;
  passwords: PasswordHasher;
  screenPassword: PasswordScreen;
  sessions: Pick<SessionService, 'renew' | 'revokeAllOf'>;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  securityLog: Pick<SecurityLog, 'record'>;
  signIn: Pick<SignInAttempt, 'tokensFor' | 'deviceFor'>;
  clock: Clock;
}

export function createChangePassword(deps: Deps) {
  const { users, passwords, screenPassword, sessions, limiter, policy, securityLog, signIn, clock } = deps;

  /** Checks the current password, counted like a login guess (and changes are limited too). */
  async function checkCurrent(user: UserDocument, current: string, client: ClientInfo) {
    const attempt = await limiter.attempt(
      policy.passwordChange(user._id.toHexString(), user.email, client.ipAddress),
      clock.now(),
    );
    if (!(await passwords.verify(current, user.passwordHash, user.email))) {
      throw new BadUserInputError(Message.CURRENT_PASSWORD_WRONG, 'currentPassword');
    }
    await attempt.withdraw();
  }

  return async function changePassword(
    viewer: Viewer,
    input: { currentPassword: string; newPassword: string },
    client: ClientInfo,
  ): Promise<SignedIn> {
    const current = normalizeLoginPassword(input.currentPassword, 'currentPassword');
    const user = await users.ofViewer(viewer);
    // Before the current password's check: a refused new password costs no hash and does not
    // count toward PASSWORD_CHANGE_MAX (only a signed-in session gets this far).
    const next = await screenPassword(input.newPassword, user, 'newPassword');
    await checkCurrent(user, current, client);
    const passwordHash = await passwords.hash(next, user.email);
    const now = clock.now();
    // One write changes the hash and the credential version: from here on every session
    // signed in under the old password is refused, whatever happens next.
    const credentialVersion = await users.setPasswordHash(user, passwordHash, now);
    if (!credentialVersion) throw new UnauthenticatedError(Message.PASSWORD_CHANGED_MEANWHILE);
    // This device stays signed in under a renewed session id; then every other session, the
    // old id included, is deleted (clean-up: they are already refused).
    const issued = await sessions.renew(viewer.sessionId, credentialVersion, now);
    if (!issued) throw new InvalidCredentialsError();
    await sessions.revokeAllOf(user._id, 'password_changed', issued.session._id);
    securityLog.record('PASSWORD_CHANGED', { userId: user._id, client, sessionId: issued.session._id }, now);
    const changed = { ...user, passwordHash, passwordChangedAt: now, credentialVersion };
    // Older device cookies now count as strangers (security/deviceCookie.ts); this device stays known.
    return { ...(await signIn.tokensFor(changed, issued)), device: signIn.deviceFor(changed) };
  };
}
