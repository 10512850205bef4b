// Sign-in with email and password (step 1), and with its second factor (step 2) for an
// account with MFA. One message for an unknown address and a wrong password, and the same
// bcrypt work for both (OWASP Authentication cheat sheet: no account enumeration, by
// answer or by timing). After too many wrong second-factor codes in a row the right
// password answers PASSWORD_RESET_REQUIRED until a new one is set (NIST SP 800-63B §5.2.2);
// it is told only to whoever has the password, like MFA_REQUIRED.
import { normalizeEmail, normalizeLoginPassword } from '../auth/credentials';
import type { PasswordHasher } from '../auth/password';
import { ErrorCode, InvalidCredentialsError, Message, PublicError } from '../errors';
import type { MfaService } from '../mfa/mfaService';
import type { ClientInfo } from '../security/clientInfo';
import { isMfaEnabled } from '../users/userService';
import type { UserService } from '../users/userService';
import type { UserDocument } from '../users/userModel';
import type { MfaRequired, Presented, SignedIn, SignInAttempt } from './signInAttempt';

interface Deps {
  users: UserService;
  passwords: PasswordHasher;
  mfa: Pick<MfaService, 'completeLogin' | 'passwordSignInBlocked'>;
  signIn: SignInAttempt;
}

export function createPasswordSignIn({ users, passwords, mfa, signIn }: Deps) {
  async function login(
    input: { email: string; password: string },
    client: ClientInfo,
    presented: Presented,
  ): Promise<SignedIn | MfaRequired> {
    const email = normalizeEmail(input.email);
    const password = normalizeLoginPassword(input.password);
    // Read before the limits: the browser's device cookie is checked against this account's password.
    const user = await users.byEmail(email);
    const prove = async () => {
      // Same bcrypt work whether or not the account exists (no enumeration by timing).
      const ok = await passwords.verify(password, user?.passwordHash ?? null, email);
      if (!user || !ok) return { refused: new InvalidCredentialsError(), owner: user };
      if (isMfaEnabled(user) && (await mfa.passwordSignInBlocked(user))) {
        // The right password: not a failure to show the owner, who was mailed SIGN_IN_BLOCKED.
        return {
          refused: new PublicError(ErrorCode.PASSWORD_RESET_REQUIRED, Message.PASSWORD_RESET_REQUIRED),
          owner: null,
        };
      }
      return { user };
    };
    return signIn.attempt({ email, account: user, multiFactor: false, prove }, client, presented);
  }

  /** Login step 2: a TOTP or recovery code for the pending login of this browser; then as `login`. */
  async function verifyMfa(
    input: { code: string },
    pendingToken: string | undefined,
    client: ClientInfo,
    presented: Presented,
  ): Promise<SignedIn> {
    const trusted = (user: UserDocument) => signIn.trustedDevice(presented, user);
    const { user, newDevice } = await mfa.completeLogin(pendingToken, input, client, trusted);
    return signIn.complete(user, client, presented, newDevice);
  }

  return { login, verifyMfa };
}
