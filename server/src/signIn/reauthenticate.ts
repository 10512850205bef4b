// The step-up on this device before a sensitive change (adding or removing a passkey): the
// password, and on an account with MFA a current code too (ASVS 5.0 V7.5.1: as strong as the
// sign-in it stands for). Limited like every password confirmation (auth/passwordConfirmation.ts);
// on success the session counts as freshly authenticated (ASVS 5.0 V7.5.3).
import { normalizeLoginPassword } from '../auth/credentials';
import type { ConfirmPassword } from '../auth/passwordConfirmation';
import type { Viewer } from '../auth/viewer';
import type { Clock } from '../clock';
import { BadUserInputError, Message } from '../errors';
import type { MfaService } from '../mfa/mfaService';
import type { ClientInfo } from '../security/clientInfo';
import type { SessionService } from '../sessions/sessionService';
import { isMfaEnabled } from '../users/userService';
import type { UserService } from '../users/userService';

interface Deps {
  users: UserService;
  sessions: Pick<SessionService, 'markAuthenticated'>;
  mfa: Pick<MfaService, 'confirmCode'>;
  confirmPassword: ConfirmPassword;
  clock: Clock;
}

export function createReauthenticate({ users, sessions, mfa, confirmPassword, clock }: Deps) {
  return async function reauthenticate(
    viewer: Viewer,
    input: { password: string; code?: string | null },
    client: ClientInfo,
  ) {
    const password = normalizeLoginPassword(input.password);
    const user = await users.ofViewer(viewer);
    // A step-up that cannot succeed costs no password hash.
    if (isMfaEnabled(user) && !input.code?.trim()) throw new BadUserInputError(Message.CODE_REQUIRED, 'code');
    await confirmPassword(user, password, client);
    await mfa.confirmCode(user, input.code, client);
    await sessions.markAuthenticated(viewer.sessionId, clock.now());
  };
}
