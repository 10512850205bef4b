// Passkey challenges: 32 random bytes (WebAuthn §13.4.3 asks for at least 16), valid for
// 5 minutes, stored in `passkey_challenges`, bound to the signed-in user (registration) or
// to the browser's HttpOnly `passkey_login` cookie (sign-in), and answered once: the
// single-winner insert `passkey:<challenge>` into `spends` (db/spends.ts) lets one of two
// answers (a replay, a double click) go on.
import { randomBytes } from 'node:crypto';
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import type { Types } from 'mongoose';
import type { Clock } from '../clock';
import type { Models } from '../db';
import { spendOnce } from '../db/spends';
import { Message, PasskeyRefusedError } from '../errors';

/** How long a ceremony may take, from its options to its answer. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

type Purpose = 'registration' | 'login';

/** The challenge the authenticator signed, read from clientDataJSON; null when unreadable. */
export function signedChallenge(response: { response?: { clientDataJSON?: unknown } }): string | null {
  const encoded = response.response?.clientDataJSON;
  if (typeof encoded !== 'string' || encoded.length > 10_000) return null;
  try {
    const { challenge } = decodeClientDataJSON(encoded) as { challenge?: unknown };
    return typeof challenge === 'string' && challenge.length <= 200 ? challenge : null;
  } catch {
    return null;
  }
}

export function createChallenges({
  models,
  clock,
}: {
  models: Pick<Models, 'PasskeyChallenge' | 'Spend'>;
  clock: Clock;
}) {
  const { PasskeyChallenge, Spend } = models;

  async function issue(purpose: Purpose, userId: Types.ObjectId | null) {
    const challenge = randomBytes(32).toString('base64url');
    const expiresAt = new Date(clock.now().getTime() + CHALLENGE_TTL_MS);
    await PasskeyChallenge.create({ _id: challenge, purpose, userId, expiresAt });
    return { challenge, expiresAt };
  }

  /**
   * The live challenge `challenge` of this purpose (and user), or the one refusal for every
   * reason it is not: unknown, expired, started elsewhere, or already answered.
   */
  async function live(challenge: string | null | undefined, purpose: Purpose, userId: Types.ObjectId | null) {
    const found = challenge ? await PasskeyChallenge.findById(challenge).lean() : null;
    const matches =
      found !== null &&
      found.purpose === purpose &&
      found.expiresAt > clock.now() &&
      (userId === null || (found.userId !== null && found.userId.equals(userId)));
    if (!matches) throw new PasskeyRefusedError(Message.PASSKEY_EXPIRED);
    return found;
  }

  /** The single-winner step: true for the one answer that spends this challenge. */
  const spend = (challenge: { _id: string; expiresAt: Date }): Promise<boolean> =>
    spendOnce(Spend, `passkey:${challenge._id}`, challenge.expiresAt);

  return { issue, live, spend };
}

export type Challenges = ReturnType<typeof createChallenges>;
