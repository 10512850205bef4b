// A refresh: the refresh token rotates (sessions/rotation.ts), then the session must still
// stand under the account's current password. Null when it must not yield tokens: the account
// is gone, or its password changed since the session signed in. Such a session is refused
// everywhere (sessions/sessionGuard.ts) and is not deleted here: a refresh landing inside a
// changePassword, between its new hash and its renewal of the caller's session, would end
// the very session the change keeps. The change (or reset) deletes the old sessions itself.
import type { ClientInfo } from '../security/clientInfo';
import type { SessionService } from '../sessions/sessionService';
import { isCurrentCredential } from '../users/userService';
import type { UserService } from '../users/userService';
import type { SignedIn, SignInAttempt } from './signInAttempt';

interface Deps {
  users: UserService;
  sessions: Pick<SessionService, 'rotate'>;
  signIn: Pick<SignInAttempt, 'tokensFor'>;
}

export function createRefresh({ users, sessions, signIn }: Deps) {
  return async function refresh(presented: unknown, client: ClientInfo): Promise<SignedIn | null> {
    const issued = await sessions.rotate(presented, client);
    if (!issued) return null;
    const user = await users.byId(issued.session.userId);
    if (!user || !isCurrentCredential(user, issued.session.credentialVersion)) return null;
    return signIn.tokensFor(user, issued);
  };
}
