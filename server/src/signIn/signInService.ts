// Every way to get tokens, wired once: sign-up, password sign-in and its second step,
// passkey sign-in, refresh, password change, and the step-up `reauthenticate`. Each is a
// file of its own; those that sign someone in share signInAttempt.ts.
import type { SecurityLog } from '../securityEvents/securityLog';
import type { PasswordScreen } from '../auth/credentials';
import type { PasswordHasher } from '../auth/password';
import type { ConfirmPassword } from '../auth/passwordConfirmation';
import type { AccessTokens } from '../auth/tokens';
import type { Clock } from '../clock';
import type { MfaService } from '../mfa/mfaService';
import type { PasskeyService } from '../passkeys/passkeyService';
import type { DeviceCookies } from '../security/deviceCookie';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { SessionService } from '../sessions/sessionService';
import type { UserService } from '../users/userService';
import { createChangePassword } from './changePassword';
import { createPasskeySignIn } from './passkeySignIn';
import { createPasswordSignIn } from './passwordSignIn';
import { createReauthenticate } from './reauthenticate';
import { createRefresh } from './refresh';
import { createRegister } from './register';
import type { AccountMail } from './register';
import { createSignInAttempt } from './signInAttempt';

export type { MfaRequired, Presented, SignedIn } from './signInAttempt';

interface Deps {
  users: UserService;
  passwords: PasswordHasher;
  screenPassword: PasswordScreen;
  sessions: SessionService;
  accessTokens: AccessTokens;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  devices: DeviceCookies;
  mail: AccountMail;
  securityLog: Pick<SecurityLog, 'record' | 'loginFailedForUnknownAddress'>;
  mfa: MfaService;
  passkeys: PasskeyService;
  confirmPassword: ConfirmPassword;
  clock: Clock;
}

export function createSignInService(deps: Deps) {
  const signIn = createSignInAttempt(deps);
  const { login, verifyMfa } = createPasswordSignIn({ ...deps, signIn });
  return {
    register: createRegister({ ...deps, signIn }),
    login,
    verifyMfa,
    passkeyLogin: createPasskeySignIn({ ...deps, signIn }),
    refresh: createRefresh({ ...deps, signIn }),
    changePassword: createChangePassword({ ...deps, signIn }),
    reauthenticate: createReauthenticate(deps),
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
