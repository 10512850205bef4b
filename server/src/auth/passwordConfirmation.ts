// The password asked again on a signed-in device before a sensitive change (turning MFA on or
// off, new recovery codes, the step-up before adding or removing a passkey):
// - limited like login guesses, and every confirmation of the account counts, a correct one
//   too (PASSWORD_CONFIRM_MAX an hour, security/rateLimitPolicy.ts): each costs a password hash;
// - a wrong password is BAD_USER_INPUT on the field `password`, never UNAUTHENTICATED, which
//   the client reads as an expired access token.
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
    const rules = policy.passwordConfirm(user._id.toHexString(), user.email, client.ipAddress);
    const attempt = await limiter.attempt(rules);
    if (!(await passwords.verify(password, user.passwordHash, user.email))) {
      throw new BadUserInputError(Message.PASSWORD_WRONG, 'password');
    }
    await attempt.withdraw();
  };
}

export type ConfirmPassword = ReturnType<typeof createPasswordConfirmation>;
