// Sign-in with email and password (step 1), and with its second factor (step 2) for an
// account with MFA. One message for an unknown address and a wrong password, and the same
// bcrypt work for both (OWASP Authentication cheat sheet: no account enumeration, by
// answer or by timing).
import { normalizeEmail, normalizeLoginPassword } from '../auth/credentials';
import type { PasswordHasher } from '../auth/password';
import { InvalidCredentialsError } from '../errors';
import type { MfaService } from '../mfa/mfaService';
import type { ClientInfo } from '../security/clientInfo';
import type { UserService } from '../users/userService';
import type { MfaRequired, Presented, SignedIn, SignInAttempt } from './signInAttempt';

interface Deps {
  users: UserService;
  passwords: PasswordHasher;
  mfa: Pick<MfaService, 'completeLogin'>;
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
    const prove = async () => {
      const user = await users.byEmail(email);
      // Same bcrypt work whether or not the account exists (no enumeration by timing).
      const ok = await passwords.verify(password, user?.passwordHash ?? null, email);
      return user && ok ? { user } : { refused: new InvalidCredentialsError(), owner: user };
    };
    return signIn.attempt({ email, multiFactor: false, prove }, client, presented);
  }

  /** Login step 2: a TOTP or recovery code for the pending login of this browser; then as `login`. */
  async function verifyMfa(
    input: { code: string },
    pendingToken: string | undefined,
    client: ClientInfo,
    presented: Presented,
  ): Promise<SignedIn> {
    const { user, newDevice } = await mfa.completeLogin(pendingToken, input, client);
    return signIn.complete(user, client, presented, newDevice);
  }

  return { login, verifyMfa };
}
