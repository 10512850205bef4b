// Adding a passkey to the signed-in account (the registration ceremony).
// - Step-up: a sign-in on this device within the last 10 minutes (ASVS 5.0 V7.5.3), else
//   REAUTHENTICATION_REQUIRED (the client calls `reauthenticate`, which on an account with
//   MFA asks for a code too). Removing a passkey asks for the same (passkeyService.ts).
// - Resident key and user verification required; `attestation: "none"`; ES256 and RS256;
//   the account's authenticators excluded; at most MAX_PASSKEYS.
// - The credential id is the unique `_id` of `passkeys`: one authenticator, one account.
// - Only on an account whose address is confirmed (EMAIL_NOT_VERIFIED: users/userService.ts).
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import type { SecurityLog } from '../securityEvents/securityLog';
import { normalizeName } from '../auth/credentials';
import type { Viewer } from '../auth/viewer';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Models } from '../db';
import { isDuplicateKeyError } from '../db/databaseErrors';
import { BadUserInputError, ErrorCode, Message, PasskeyRefusedError, PublicError } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { SessionService } from '../sessions/sessionService';
import type { UserService } from '../users/userService';
import type { Challenges } from './challenges';
import { CHALLENGE_TTL_MS, signedChallenge } from './challenges';
import type { PasskeyDocument } from './passkeyModels';
import { ALGORITHMS, asResponse, ceremonyRefusal, relyingParty, userHandleOf } from './webauthn';

/** A session older than this re-enters the password before adding a passkey (ASVS 5.0 V7.5.3). */
export const RECENT_SIGN_IN_MS = 10 * 60_000;
export const MAX_PASSKEYS = 10;

interface Deps {
  config: Config['webauthn'];
  models: Pick<Models, 'Passkey'>;
  users: UserService;
  sessions: Pick<SessionService, 'authenticatedWithin'>;
  challenges: Challenges;
  securityLog: Pick<SecurityLog, 'record'>;
  clock: Clock;
}

export function createRegistration({ config, models, users, sessions, challenges, securityLog, clock }: Deps) {
  const { Passkey } = models;

  async function requireRecentSignIn(viewer: Viewer) {
    if (!(await sessions.authenticatedWithin(viewer.sessionId, RECENT_SIGN_IN_MS, clock.now())))
      throw new PublicError(ErrorCode.REAUTHENTICATION_REQUIRED, Message.REAUTHENTICATION_REQUIRED);
  }

  async function requireRoom(viewer: Viewer) {
    if ((await Passkey.countDocuments({ userId: viewer.userId })) >= MAX_PASSKEYS)
      throw new BadUserInputError(Message.PASSKEY_LIMIT(MAX_PASSKEYS));
  }

  /** Creation options for the signed-in user, excluding the authenticators already registered. */
  async function start(viewer: Viewer): Promise<unknown> {
    const { rpId } = relyingParty(config);
    await requireRecentSignIn(viewer);
    const user = await users.verifiedOfViewer(viewer);
    await requireRoom(viewer);
    const existing = await Passkey.find({ userId: user._id }, { _id: 1, transports: 1 }).lean();
    const { challenge } = await challenges.issue('registration', user._id);
    return generateRegistrationOptions({
      rpName: config.rpName,
      rpID: rpId,
      userID: userHandleOf(user._id),
      userName: user.email,
      userDisplayName: user.name ?? user.email,
      // As bytes: a string would be taken as UTF-8 text and encoded again.
      challenge: Buffer.from(challenge, 'base64url'),
      timeout: CHALLENGE_TTL_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((passkey) => ({ id: passkey._id, transports: passkey.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      supportedAlgorithmIDs: ALGORITHMS,
    });
  }

  async function verify(viewer: Viewer, response: RegistrationResponseJSON & { id: string }) {
    const { rpId, origins } = relyingParty(config);
    const challenge = await challenges.live(signedChallenge(response), 'registration', viewer.userId);
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge._id,
      expectedOrigin: origins,
      expectedRPID: rpId,
      requireUserPresence: true,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    }).catch((error: unknown) => {
      throw ceremonyRefusal(error);
    });
    if (!verification.verified) throw ceremonyRefusal();
    if (!(await challenges.spend(challenge))) throw new PasskeyRefusedError(Message.PASSKEY_EXPIRED);
    return verification.registrationInfo;
  }

  async function finish(viewer: Viewer, rawResponse: unknown, rawName: string | null | undefined, client: ClientInfo) {
    relyingParty(config); // passkeys off: FORBIDDEN before anything is read
    const response = asResponse<RegistrationResponseJSON>(rawResponse);
    const name = normalizeName(rawName);
    await requireRecentSignIn(viewer);
    await users.verifiedOfViewer(viewer);
    const { credential, credentialBackedUp } = await verify(viewer, response);
    await requireRoom(viewer);
    const now = clock.now();
    const passkey: PasskeyDocument = {
      _id: credential.id,
      userId: viewer.userId,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name,
      backedUp: credentialBackedUp,
      createdAt: now,
      lastUsedAt: null,
    };
    try {
      // The credential id is the unique `_id`: one authenticator is registered once, to one account.
      await Passkey.create(passkey);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new PasskeyRefusedError(Message.PASSKEY_ALREADY_REGISTERED);
      throw error;
    }
    securityLog.record('PASSKEY_ADDED', { userId: viewer.userId, client, sessionId: viewer.sessionId }, now);
    return passkey;
  }

  return { start, finish, requireRecentSignIn };
}
