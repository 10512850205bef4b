// Two-factor authentication with TOTP and recovery codes (OWASP MFA cheat sheet,
// ASVS 5.0 V6.3.3, V6.5, NIST SP 800-63B §5.1.4.1), in three security steps:
// - secondFactor.ts: a code checked and spent once; the pending login of a sign-in's step 2;
// - recoveryCodes.ts: the look-up codes, hashed, one set in force;
// - totpSetup.ts: turning TOTP on (confirmed by a code) and off (password and code).
// Every single-winner step is an insert into `spends` (db/spends.ts).
import type { SecurityLog } from '../securityEvents/securityLog';
import type { PasswordHasher } from '../auth/password';
import type { ConfirmPassword } from '../auth/passwordConfirmation';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Models } from '../db';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { UserService } from '../users/userService';
import { createRecoveryCodes } from './recoveryCodes';
import { createSecondFactor } from './secondFactor';
import type { SecretBox } from '../security/secretBox';
import { createTotpSetup } from './totpSetup';

export type { PendingMfa } from './secondFactor';

interface Deps {
  config: Config['mfa'];
  models: Pick<Models, 'TotpSetup' | 'PendingLogin' | 'RecoveryCode' | 'Spend' | 'RateLimitEvent'>;
  users: UserService;
  passwords: PasswordHasher;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  box: SecretBox;
  securityLog: Pick<SecurityLog, 'record'>;
  confirmPassword: ConfirmPassword;
  clock: Clock;
}

export function createMfaService(deps: Deps) {
  const recoveryCodes = createRecoveryCodes(deps);
  const secondFactor = createSecondFactor({ ...deps, recoveryCodes });
  const totp = createTotpSetup({ ...deps, secondFactor, recoveryCodes });
  return {
    startSetup: totp.startSetup,
    confirmSetup: totp.confirmSetup,
    disable: totp.disable,
    confirmCode: totp.confirmCode,
    regenerateCodes: recoveryCodes.regenerate,
    beginLogin: secondFactor.beginLogin,
    completeLogin: secondFactor.completeLogin,
    passwordSignInBlocked: secondFactor.passwordSignInBlocked,
  };
}

export type MfaService = ReturnType<typeof createMfaService>;
