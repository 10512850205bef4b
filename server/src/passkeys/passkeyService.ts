// Passkeys: adding one to an account, signing in with one, listing and removing them.
// The WebAuthn checks themselves (origin, RP ID hash, type, user presence and
// verification, signature, counter) are @simplewebauthn/server's; this module decides
// which challenge a response may answer, spends it once, and keeps the credentials.
// - Challenges: 32 random bytes (WebAuthn §13.4.3 asks for at least 16), 5 minutes,
//   single use (db/spends.ts), bound to the signed-in user (registration) or to the
//   browser's HttpOnly cookie (login).
// - User verification is required on both ceremonies: a passkey sign-in is a full
//   sign-in and satisfies two-factor (OWASP MFA cheat sheet: a passkey with user
//   verification is itself multi-factor; NIST SP 800-63B §5.1.8 multi-factor crypto authenticator).
import { randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import type { Types } from 'mongoose';
import type { SecurityLog } from '../activity/securityLog';
import { normalizeName } from '../auth/credentials';
import type { Viewer } from '../auth/viewer';
import type { Config } from '../config';
import type { Models } from '../db';
import { isDuplicateKeyError } from '../db/databaseErrors';
import { spendOnce } from '../db/spends';
import {
  BadUserInputError,
  ErrorCode,
  ForbiddenError,
  Message,
  PasskeyRefusedError,
  PublicError,
  UnauthenticatedError,
} from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { DeviceCookies } from '../security/deviceCookie';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { SessionService } from '../sessions/sessionService';
import type { UserDocument } from '../users/userModel';
import type { UserService } from '../users/userService';
import type { PasskeyDocument } from './passkeyModels';

/** How long a ceremony may take, from its options to its answer. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** A session older than this re-enters the password before adding a passkey (ASVS 5.0 V7.5.3). */
export const RECENT_SIGN_IN_MS = 10 * 60_000;
export const MAX_PASSKEYS = 10;
/** ES256 and RS256 (COSE -7, -257): what every platform authenticator offers. */
const ALGORITHMS = [-7, -257];
/** Credential ids are at most 1,023 bytes (WebAuthn §5.8.3): 1,364 base64url characters. */
const MAX_CREDENTIAL_ID_CHARS = 1_364;

interface Deps {
  config: Config['webauthn'];
  models: Pick<Models, 'Passkey' | 'PasskeyChallenge' | 'Spend'>;
  users: UserService;
  sessions: Pick<SessionService, 'authenticatedWithin'>;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  devices: DeviceCookies;
  securityLog: Pick<SecurityLog, 'record'>;
}

/** The login ceremony's options, and the challenge the browser's cookie must carry back. */
export interface StartedLogin {
  options: unknown;
  challenge: string;
  expiresAt: Date;
}

/** A passkey login's outcome, for the auth service to turn into a session. */
export interface PasskeyLogin {
  user: UserDocument;
  /** The browser presented no device cookie of this account. */
  newDevice: boolean;
}

/** The user handle of an account: its ObjectId's 12 bytes, never the email (WebAuthn §14.6.1). */
const userHandleOf = (userId: Types.ObjectId) => Buffer.from(userId.toHexString(), 'hex');

/** The library's checks fail with messages for developers; a person reads one of ours. */
function ceremonyFailed(error?: unknown): never {
  const counter = error instanceof Error && /counter/i.test(error.message);
  throw new PasskeyRefusedError(counter ? Message.PASSKEY_COUNTER : Message.PASSKEY_FAILED);
}

/** The response as the library reads it: an object with a bounded credential id. */
function asResponse<T>(raw: unknown): T & { id: string } {
  const id = (raw as { id?: unknown } | null)?.id;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || typeof id !== 'string' || id === '')
    throw new BadUserInputError(Message.PASSKEY_RESPONSE, 'response');
  if (id.length > MAX_CREDENTIAL_ID_CHARS) throw new PasskeyRefusedError(Message.PASSKEY_UNKNOWN);
  return raw as T & { id: string };
}

/** The challenge the authenticator signed, read from clientDataJSON; null when unreadable. */
function signedChallenge(response: { response?: { clientDataJSON?: unknown } }): string | null {
  const encoded = response.response?.clientDataJSON;
  if (typeof encoded !== 'string' || encoded.length > 10_000) return null;
  try {
    const { challenge } = decodeClientDataJSON(encoded) as { challenge?: unknown };
    return typeof challenge === 'string' && challenge.length <= 200 ? challenge : null;
  } catch {
    return null;
  }
}

export function createPasskeyService(deps: Deps) {
  const { config, models, users, sessions, limiter, policy, devices, securityLog } = deps;
  const { Passkey, PasskeyChallenge, Spend } = models;

  /** The relying party, or FORBIDDEN when passkeys are off (an app served from an IP address). */
  function relyingParty(): { rpId: string; origins: string[] } {
    if (config.rpId === null) throw new ForbiddenError(Message.PASSKEYS_OFF);
    return { rpId: config.rpId, origins: [...config.origins] };
  }

  async function issueChallenge(purpose: 'registration' | 'login', userId: Types.ObjectId | null, now: Date) {
    const challenge = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
    await PasskeyChallenge.create({ _id: challenge, purpose, userId, expiresAt });
    return { challenge, expiresAt };
  }

  /**
   * The live challenge `challenge` of this purpose (and user), or the one message for every
   * reason it is not: unknown, expired, started elsewhere, or already answered.
   */
  async function liveChallenge(
    challenge: string | null | undefined,
    purpose: 'registration' | 'login',
    userId: Types.ObjectId | null,
    now: Date,
  ) {
    const found = challenge ? await PasskeyChallenge.findById(challenge).lean() : null;
    const matches =
      found !== null &&
      found.purpose === purpose &&
      found.expiresAt > now &&
      (userId === null || (found.userId !== null && found.userId.equals(userId)));
    if (!matches) throw new PasskeyRefusedError(Message.PASSKEY_EXPIRED);
    return found;
  }

  /** The single-winner step: of two answers to one challenge (a replay, a double click) one goes on. */
  async function spend(challenge: { _id: string; expiresAt: Date }) {
    if (!(await spendOnce(Spend, `passkey:${challenge._id}`, challenge.expiresAt)))
      throw new PasskeyRefusedError(Message.PASSKEY_EXPIRED);
  }

  async function requireRecentSignIn(viewer: Viewer, now: Date) {
    if (!(await sessions.authenticatedWithin(viewer.sessionId, RECENT_SIGN_IN_MS, now)))
      throw new PublicError(ErrorCode.REAUTHENTICATION_REQUIRED, Message.REAUTHENTICATION_REQUIRED);
  }

  const listOwn = (userId: Types.ObjectId): Promise<PasskeyDocument[]> =>
    Passkey.find({ userId }).sort({ createdAt: 1 }).lean();

  /** Creation options for the signed-in user, excluding the authenticators already registered. */
  async function startRegistration(viewer: Viewer, now = new Date()): Promise<unknown> {
    const { rpId } = relyingParty();
    await requireRecentSignIn(viewer, now);
    const user = await users.byId(viewer.userId);
    if (!user) throw new UnauthenticatedError(Message.ACCOUNT_GONE);
    const existing = await listOwn(user._id);
    if (existing.length >= MAX_PASSKEYS) throw new BadUserInputError(Message.PASSKEY_LIMIT(MAX_PASSKEYS));
    const { challenge } = await issueChallenge('registration', user._id, now);
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

  async function finishRegistration(
    viewer: Viewer,
    rawResponse: unknown,
    rawName: string | null | undefined,
    client: ClientInfo,
    now = new Date(),
  ): Promise<PasskeyDocument> {
    const { rpId, origins } = relyingParty();
    const response = asResponse<RegistrationResponseJSON>(rawResponse);
    const name = normalizeName(rawName);
    await requireRecentSignIn(viewer, now);
    const challenge = await liveChallenge(signedChallenge(response), 'registration', viewer.userId, now);
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge._id,
      expectedOrigin: origins,
      expectedRPID: rpId,
      requireUserPresence: true,
      requireUserVerification: true,
      supportedAlgorithmIDs: ALGORITHMS,
    }).catch(ceremonyFailed);
    if (!verification.verified) ceremonyFailed();
    await spend(challenge);
    if ((await Passkey.countDocuments({ userId: viewer.userId })) >= MAX_PASSKEYS)
      throw new BadUserInputError(Message.PASSKEY_LIMIT(MAX_PASSKEYS));
    const { credential, credentialBackedUp } = verification.registrationInfo;
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

  /** Request options for any discoverable credential of this RP; the challenge goes in the browser's cookie. */
  async function startLogin(client: ClientInfo, now = new Date()): Promise<StartedLogin> {
    const { rpId } = relyingParty();
    await limiter.attempt(policy.passkeyLoginStart(client.ipAddress), now);
    const { challenge, expiresAt } = await issueChallenge('login', null, now);
    const options = await generateAuthenticationOptions({
      rpID: rpId,
      // As bytes: a string would be taken as UTF-8 text and encoded again.
      challenge: Buffer.from(challenge, 'base64url'),
      timeout: CHALLENGE_TTL_MS,
      userVerification: 'required',
      allowCredentials: [],
    });
    return { options, challenge, expiresAt };
  }

  /**
   * Checks a sign-in answer against the challenge of this browser's cookie and the stored
   * credential. Counted like a password guess against the account (and unknown credentials
   * against the address), so passkeys open no way around the login limits.
   */
  async function completeLogin(
    rawResponse: unknown,
    cookieChallenge: string | undefined,
    presentedDevice: string | undefined,
    client: ClientInfo,
    now = new Date(),
  ): Promise<PasskeyLogin> {
    const { rpId, origins } = relyingParty();
    const response = asResponse<AuthenticationResponseJSON>(rawResponse);
    const challenge = await liveChallenge(cookieChallenge, 'login', null, now);
    const passkey = await Passkey.findById(response.id).lean();
    const user = passkey && (await users.byId(passkey.userId));
    const handle = response.response?.userHandle;
    const handleMatches = user && (handle === undefined || handle === userHandleOf(user._id).toString('base64url'));
    if (!passkey || !user || !handleMatches) {
      await limiter.attempt(policy.unknownPasskey(client.ipAddress), now);
      throw new PasskeyRefusedError(Message.PASSKEY_UNKNOWN);
    }
    const device = devices.verify(presentedDevice, user.email);
    const attempt = await limiter.attempt(policy.login(user.email, client.ipAddress, device), now);
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge._id,
      expectedOrigin: origins,
      expectedRPID: rpId,
      credential: {
        id: passkey._id,
        publicKey: Buffer.from(passkey.publicKey, 'base64url'),
        // Enforced by the library when either side is above 0: a lower or equal value is refused.
        // Synced passkeys always report 0 and are accepted (WebAuthn §6.1.1).
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: true,
    }).catch((error: unknown) => {
      securityLog.record('LOGIN_FAILED', { userId: user._id, client }, now);
      return ceremonyFailed(error);
    });
    if (!verification.verified) ceremonyFailed();
    await spend(challenge);
    await attempt.withdraw();
    await Passkey.updateOne(
      { _id: passkey._id },
      { $set: { counter: verification.authenticationInfo.newCounter, lastUsedAt: now } },
    );
    return { user, newDevice: device === null };
  }

  /** Removes one of the caller's passkeys; another user's and a missing one look the same. */
  async function remove(viewer: Viewer, id: string, client: ClientInfo): Promise<void> {
    if (id.length > MAX_CREDENTIAL_ID_CHARS) throw new ForbiddenError(Message.NOT_YOUR_PASSKEY);
    const { deletedCount } = await Passkey.deleteOne({ _id: id, userId: viewer.userId });
    if (deletedCount === 0) throw new ForbiddenError(Message.NOT_YOUR_PASSKEY);
    securityLog.record('PASSKEY_REMOVED', { userId: viewer.userId, client, sessionId: viewer.sessionId });
  }

  return { listOwn, startRegistration, finishRegistration, startLogin, completeLogin, remove };
}

export type PasskeyService = ReturnType<typeof createPasskeyService>;
