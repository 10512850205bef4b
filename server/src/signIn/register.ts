// Sign-up: a new account, then its first session (no LOGIN_SUCCEEDED: the account is new),
// and the verification mail. The unique email index decides between concurrent sign-ups.
import { normalizeEmail, normalizeName } from '../auth/credentials';
import type { PasswordScreen } from '../auth/credentials';
import type { PasswordHasher } from '../auth/password';
import type { Clock } from '../clock';
import { EmailTakenError } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { UserDocument } from '../users/userModel';
import type { UserService } from '../users/userService';
import type { Presented, SignedIn, SignInAttempt } from './signInAttempt';

/** The mail a sign-up sends (recovery/recoveryService.ts). */
export interface AccountMail {
  registered(user: UserDocument): void;
}

interface Deps {
  users: UserService;
  passwords: PasswordHasher;
  screenPassword: PasswordScreen;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  mail: AccountMail;
  signIn: SignInAttempt;
  clock: Clock;
}

export function createRegister({ users, passwords, screenPassword, limiter, policy, mail, signIn, clock }: Deps) {
  return async function register(
    input: { email: string; password: string; name?: string | null },
    client: ClientInfo,
    presented: Presented,
  ): Promise<SignedIn> {
    const email = normalizeEmail(input.email);
    const name = normalizeName(input.name);
    await limiter.attempt(policy.registration(client.ipAddress));
    // After the limit: the breach check is a request out that nobody may multiply.
    const password = await screenPassword(input.password, { email, name });
    if (await users.emailTaken(email)) throw new EmailTakenError();
    const user = await users.create({ email, name, passwordHash: await passwords.hash(password, email) }, clock.now());
    const signedIn = await signIn.startSession(user, client, presented);
    mail.registered(user);
    return signedIn;
  };
}
