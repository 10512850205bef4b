// What both passkey ceremonies share: the relying party, the shape of an authenticator's
// answer, the user handle, and the words for a refusal. The WebAuthn checks themselves
// (origin, RP ID hash, type, user presence and verification, signature, counter) are
// @simplewebauthn/server's.
import type { Types } from 'mongoose';
import type { Config } from '../config';
import { BadUserInputError, ForbiddenError, Message, PasskeyRefusedError } from '../errors';

/** ES256 and RS256 (COSE -7, -257): what every platform authenticator offers. */
export const ALGORITHMS = [-7, -257];
/** Credential ids are at most 1,023 bytes (WebAuthn §5.8.3): 1,364 base64url characters. */
export const MAX_CREDENTIAL_ID_CHARS = 1_364;

/** The relying party, or FORBIDDEN when passkeys are off (an app served from an IP address). */
export function relyingParty(config: Config['webauthn']): { rpId: string; origins: string[] } {
  if (config.rpId === null) throw new ForbiddenError(Message.PASSKEYS_OFF);
  return { rpId: config.rpId, origins: [...config.origins] };
}

/** The user handle of an account: its ObjectId's 12 bytes, never the email (WebAuthn §14.6.1). */
export const userHandleOf = (userId: Types.ObjectId) => Buffer.from(userId.toHexString(), 'hex');

/** The library's checks fail with messages for developers; a person reads one of ours. */
export function ceremonyRefusal(error?: unknown): PasskeyRefusedError {
  const counter = error instanceof Error && /counter/i.test(error.message);
  return new PasskeyRefusedError(counter ? Message.PASSKEY_COUNTER : Message.PASSKEY_FAILED);
}

/** The response as the library reads it: an object with a bounded credential id. */
export function asResponse<T>(raw: unknown): T & { id: string } {
  const id = (raw as { id?: unknown } | null)?.id;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || typeof id !== 'string' || id === '')
    throw new BadUserInputError(Message.PASSKEY_RESPONSE, 'response');
  if (id.length > MAX_CREDENTIAL_ID_CHARS) throw new PasskeyRefusedError(Message.PASSKEY_UNKNOWN);
  return raw as T & { id: string };
}
