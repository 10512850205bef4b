// The password again on this device, before a sensitive change (adding a passkey): limited
// like a login (auth/passwordConfirmation.ts); on success the session counts as freshly
// authenticated (ASVS 5.0 V7.5.3).
import { normalizeLoginPassword } from '../auth/credentials';
import type { ConfirmPassword } from '../auth/passwordConfirmation';
import type { Viewer } from '../auth/viewer';
import type { Clock } from '../clock';
import type { ClientInfo } from '../security/clientInfo';
import type { SessionService } from '../sessions/sessionService';
import type { UserService } from '../users/userService';

interface Deps {
  users: UserService;
  sessions: Pick<SessionService, 'markAuthenticated'>;
  confirmPassword: ConfirmPassword;
  clock: Clock;
}

export function createReauthenticate({ users, sessions, confirmPassword, clock }: Deps) {
  return async function reauthenticate(viewer: Viewer, input: { password: string }, client: ClientInfo) {
    const password = normalizeLoginPassword(input.password);
    const user = await users.ofViewer(viewer);
    await confirmPassword(user, password, client);
    await sessions.markAuthenticated(viewer.sessionId, clock.now());
  };
}
