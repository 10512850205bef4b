// The password asked again on a signed-in device before a sensitive change (turning MFA on or
// off, new recovery codes, the step-up before adding a passkey): limited like login guesses
// (security/rateLimitPolicy.ts), a wrong one named by its field.
import { BadUserInputError, Message } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { UserDocument } from '../users/userModel';
import type { PasswordHasher } from './password';

export function createPasswordConfirmation(deps: {
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  passwords: PasswordHasher;
}) {
  const { limiter, policy, passwords } = deps;
  return async function confirmPassword(user: UserDocument, password: string, client: ClientInfo): Promise<void> {
    const attempt = await limiter.attempt(policy.passwordConfirm(user.email, client.ipAddress));
    if (!(await passwords.verify(password, user.passwordHash))) {
      throw new BadUserInputError(Message.PASSWORD_WRONG, 'password');
    }
    await attempt.withdraw();
  };
}

export type ConfirmPassword = ReturnType<typeof createPasswordConfirmation>;
