// Passkeys (WebAuthn), in three security steps:
// - challenges.ts: issued, bound, answered once;
// - registration.ts: adding one to the signed-in account (after a recent sign-in);
// - passkeyCheck.ts: the check of a sign-in answer, which yields the user only; the
//   sign-in itself is signIn/passkeySignIn.ts.
// This façade wires them and keeps the credentials: listing and removing one's own.
import type { Types } from 'mongoose';
import type { SecurityLog } from '../securityEvents/securityLog';
import type { Viewer } from '../auth/viewer';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Models } from '../db';
import { ForbiddenError, Message } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { SessionService } from '../sessions/sessionService';
import type { UserService } from '../users/userService';
import { createChallenges } from './challenges';
import { createPasskeyCheck } from './passkeyCheck';
import type { PasskeyDocument } from './passkeyModels';
import { createRegistration } from './registration';
import { MAX_CREDENTIAL_ID_CHARS } from './webauthn';

interface Deps {
  config: Config['webauthn'];
  models: Pick<Models, 'Passkey' | 'PasskeyChallenge' | 'Spend'>;
  users: UserService;
  sessions: Pick<SessionService, 'authenticatedWithin'>;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  securityLog: Pick<SecurityLog, 'record'>;
  clock: Clock;
}

export function createPasskeyService(deps: Deps) {
  const { models, securityLog } = deps;
  const { Passkey } = models;
  const challenges = createChallenges(deps);
  const registration = createRegistration({ ...deps, challenges });
  const check = createPasskeyCheck({ ...deps, challenges });

  const listOwn = (userId: Types.ObjectId): Promise<PasskeyDocument[]> =>
    Passkey.find({ userId }).sort({ createdAt: 1 }).lean();

  /**
   * Removes one of the caller's passkeys, after a recent sign-in as for adding one (ASVS 5.0
   * V7.5.1); another user's and a missing one look the same.
   */
  async function remove(viewer: Viewer, id: string, client: ClientInfo): Promise<void> {
    await registration.requireRecentSignIn(viewer);
    if (id.length > MAX_CREDENTIAL_ID_CHARS) throw new ForbiddenError(Message.NOT_YOUR_PASSKEY);
    const { deletedCount } = await Passkey.deleteOne({ _id: id, userId: viewer.userId });
    if (deletedCount === 0) throw new ForbiddenError(Message.NOT_YOUR_PASSKEY);
    securityLog.record('PASSKEY_REMOVED', { userId: viewer.userId, client, sessionId: viewer.sessionId });
  }

  return {
    listOwn,
    remove,
    startRegistration: registration.start,
    finishRegistration: registration.finish,
    startLogin: check.start,
    claim: check.claim,
    prove: check.prove,
  };
}

export type PasskeyService = ReturnType<typeof createPasskeyService>;
