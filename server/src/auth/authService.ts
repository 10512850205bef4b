// Sign-up, sign-in and password change. Resolvers stay thin; the rules live here.
import type { Types } from 'mongoose';
import type { Config } from '../config';
import type { Models } from '../db';
import { isDuplicateKeyError } from '../db';
import { EmailTakenError, InvalidCredentialsError, BadUserInputError } from '../errors';
import type { RateLimiter, LimitRule } from '../security/rateLimiter';
import type { ClientInfo, IssuedSession, SessionService } from '../sessions/sessionService';
import type { UserDocument } from '../users/userModel';
import { normalizeEmail, normalizeLoginPassword, normalizeName, validateNewPassword } from './credentials';
import type { PasswordHasher } from './password';

export interface SignedIn extends IssuedSession {
  user: UserDocument;
}

interface Deps {
  config: Config;
  models: Models;
  passwords: PasswordHasher;
  sessions: SessionService;
  limiter: RateLimiter;
}

export function createAuthService({ config, models, passwords, sessions, limiter }: Deps) {
  const { User } = models;
  const limits = config.rateLimits;

  /** Three keys: this account from this IP, this account from anywhere, this IP against any account (spraying). */
  function loginRules(email: string, ip: string | null): LimitRule[] {
    const windowMs = limits.loginWindowMs;
    return [
      { key: `login:acct-ip:${email}|${ip}`, limit: limits.loginMaxFailures, windowMs },
      { key: `login:acct:${email}`, limit: limits.loginMaxFailuresPerAccount, windowMs },
      { key: `login:ip:${ip}`, limit: limits.loginMaxFailuresPerIp, windowMs },
    ];
  }

  async function register(
    input: { email: string; password: string; name?: string | null },
    client: ClientInfo,
  ): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    const password = validateNewPassword(input.password);
    const name = normalizeName(input.name);
    // Every registration counts: EMAIL_TAKEN tells whether an account exists, so mining it is limited per IP.
    await limiter.attempt([
      { key: `register:ip:${client.ipAddress}`, limit: limits.registerMaxPerIp, windowMs: limits.registerWindowMs },
    ]);
    if (await User.exists({ email })) throw new EmailTakenError();
    const passwordHash = await passwords.hash(password);
    const now = new Date();
    let user;
    try {
      // The unique email index decides between concurrent registrations.
      user = await User.create({ email, name, passwordHash, createdAt: now, passwordChangedAt: now });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new EmailTakenError();
      throw error;
    }
    return { user: user.toObject(), ...(await sessions.create(user._id, client, now)) };
  }

  async function login(input: { email: string; password: string }, client: ClientInfo): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    const password = normalizeLoginPassword(input.password);
    const attempt = await limiter.attempt(loginRules(email, client.ipAddress));
    const user = await User.findOne({ email }).lean();
    // Same bcrypt work whether or not the account exists.
    const ok = await passwords.verify(password, user?.passwordHash ?? null);
    if (!user || !ok) throw new InvalidCredentialsError();
    await attempt.withdraw();
    return { user, ...(await sessions.create(user._id, client)) };
  }

  /** Checks the current password, revokes every other session, keeps this device signed in (renewed session id). */
  async function changePassword(
    viewer: { userId: Types.ObjectId; sessionId: string },
    input: { currentPassword: string; newPassword: string },
    client: ClientInfo,
  ): Promise<SignedIn> {
    const current = normalizeLoginPassword(input.currentPassword, 'currentPassword');
    const next = validateNewPassword(input.newPassword, 'newPassword');
    const user = await User.findById(viewer.userId).lean();
    if (!user) throw new InvalidCredentialsError();
    // Guessing the current password here is limited like login.
    const attempt = await limiter.attempt(loginRules(user.email, client.ipAddress));
    if (!(await passwords.verify(current, user.passwordHash))) {
      throw new BadUserInputError('Current password is wrong', 'currentPassword');
    }
    await attempt.withdraw();
    const passwordHash = await passwords.hash(next);
    const now = new Date();
    await User.updateOne({ _id: user._id }, { $set: { passwordHash, passwordChangedAt: now } });
    // This device stays signed in under a renewed session id; then every other
    // session, the old id included, ends (ASVS 3.3.3), so no token minted before the change works.
    const issued = await sessions.renew(viewer.sessionId, now);
    if (!issued) throw new InvalidCredentialsError();
    await sessions.revokeAllOf(user._id, 'password_changed', issued.session._id);
    return { user: { ...user, passwordHash, passwordChangedAt: now }, ...issued };
  }

  return { register, login, changePassword };
}

export type AuthService = ReturnType<typeof createAuthService>;
