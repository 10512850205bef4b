// Sign-up, sign-in, refresh and password change: the rules of each, once.
// Every success ends in `signIn`: a session, its refresh token and an access token.
import type { Viewer } from './viewer';
import { EmailTakenError, InvalidCredentialsError, BadUserInputError, Message } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { IssuedSession, SessionService } from '../sessions/sessionService';
import type { UserDocument } from '../users/userModel';
import type { UserService } from '../users/userService';
import { normalizeEmail, normalizeLoginPassword, normalizeName, validateNewPassword } from './credentials';
import type { PasswordHasher } from './password';
import type { AccessTokens, IssuedAccessToken } from './tokens';

export interface SignedIn extends IssuedSession {
  user: UserDocument;
  access: IssuedAccessToken;
}

interface Deps {
  users: UserService;
  passwords: PasswordHasher;
  sessions: SessionService;
  accessTokens: AccessTokens;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
}

export function createAuthService({ users, passwords, sessions, accessTokens, limiter, policy }: Deps) {
  function signIn(user: UserDocument, issued: IssuedSession): SignedIn {
    const access = accessTokens.issue(user._id.toHexString(), issued.session._id);
    return { ...issued, user, access };
  }

  async function register(
    input: { email: string; password: string; name?: string | null },
    client: ClientInfo,
  ): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    const password = validateNewPassword(input.password);
    const name = normalizeName(input.name);
    await limiter.attempt(policy.registration(client.ipAddress));
    if (await users.emailTaken(email)) throw new EmailTakenError();
    const now = new Date();
    const user = await users.create({ email, name, passwordHash: await passwords.hash(password) }, now);
    return signIn(user, await sessions.create(user._id, client, now));
  }

  async function login(input: { email: string; password: string }, client: ClientInfo): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    const password = normalizeLoginPassword(input.password);
    const attempt = await limiter.attempt(policy.passwordGuess(email, client.ipAddress));
    const user = await users.byEmail(email);
    // Same bcrypt work whether or not the account exists (no enumeration by timing).
    const ok = await passwords.verify(password, user?.passwordHash ?? null);
    if (!user || !ok) throw new InvalidCredentialsError();
    await attempt.withdraw();
    return signIn(user, await sessions.create(user._id, client));
  }

  /** Rotates the refresh token; null when it must not yield tokens (or its account is gone). */
  async function refresh(presented: unknown): Promise<SignedIn | null> {
    const issued = await sessions.rotate(presented);
    const user = issued && (await users.byId(issued.session.userId));
    return issued && user ? signIn(user, issued) : null;
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
    // Guessing the current password here is limited like login.
    const attempt = await limiter.attempt(policy.passwordGuess(user.email, client.ipAddress));
    if (!(await passwords.verify(current, user.passwordHash))) {
      throw new BadUserInputError(Message.CURRENT_PASSWORD_WRONG, 'currentPassword');
    }
    await attempt.withdraw();
    const passwordHash = await passwords.hash(next);
    const now = new Date();
    await users.setPasswordHash(user._id, passwordHash, now);
    // This device stays signed in under a renewed session id; then every other
    // session, the old id included, ends (ASVS 5.0 V7.4, session termination), so no token minted before the change works.
    const issued = await sessions.renew(viewer.sessionId, now);
    if (!issued) throw new InvalidCredentialsError();
    await sessions.revokeAllOf(user._id, 'password_changed', issued.session._id);
    return signIn({ ...user, passwordHash, passwordChangedAt: now }, issued);
  }

  return { register, login, refresh, changePassword };
}

export type AuthService = ReturnType<typeof createAuthService>;
