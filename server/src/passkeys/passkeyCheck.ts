// The passkey check of a sign-in (the authentication ceremony): which account an answer
// claims, and whether it proves it. What follows a proof (limits, session, events) is the
// one sign-in attempt's (signIn/signInAttempt.ts), as for a password.
// - Discoverable credentials only: the options name no account; the challenge is bound to
//   the browser by its `passkey_login` cookie and answered once (challenges.ts).
// - User verification required: a passkey sign-in is a full sign-in and satisfies
//   two-factor (OWASP MFA cheat sheet; NIST SP 800-63B §5.1.8 multi-factor crypto authenticator).
// - An answer for no registered credential is counted against the address
//   (policy.unknownPasskey), so guessing credential ids is limited too.
import { generateAuthenticationOptions, verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Models } from '../db';
import { Message, PasskeyRefusedError } from '../errors';
import type { ClientInfo } from '../security/clientInfo';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { UserDocument } from '../users/userModel';
import type { UserService } from '../users/userService';
import type { Challenges } from './challenges';
import { CHALLENGE_TTL_MS } from './challenges';
import type { PasskeyDocument, PasskeyChallengeDocument } from './passkeyModels';
import { asResponse, ceremonyRefusal, relyingParty, userHandleOf } from './webauthn';

/** The login ceremony's options, and the challenge the browser's cookie must carry back. */
export interface StartedLogin {
  options: unknown;
  challenge: string;
  expiresAt: Date;
}

/** An answer that names a registered passkey of an existing account: not yet verified. */
export interface PasskeyClaim {
  user: UserDocument;
  passkey: PasskeyDocument;
  challenge: PasskeyChallengeDocument;
  response: AuthenticationResponseJSON;
}

export interface Refusal {
  error: PasskeyRefusedError;
  failedSignIn: boolean;
}

interface Deps {
  config: Config['webauthn'];
  models: Pick<Models, 'Passkey'>;
  users: UserService;
  challenges: Challenges;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  clock: Clock;
}

export function createPasskeyCheck({ config, models, users, challenges, limiter, policy, clock }: Deps) {
  const { Passkey } = models;

  /** Request options for any discoverable credential of this RP; the challenge goes in the browser's cookie. */
  async function start(client: ClientInfo): Promise<StartedLogin> {
    const { rpId } = relyingParty(config);
    await limiter.attempt(policy.passkeyLoginStart(client.ipAddress));
    const { challenge, expiresAt } = await challenges.issue('login', null);
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

  /** The account an answer claims, for this browser's live challenge; PASSKEY_REFUSED when none. */
  async function claim(raw: unknown, cookieChallenge: string | undefined, client: ClientInfo): Promise<PasskeyClaim> {
    relyingParty(config);
    const response = asResponse<AuthenticationResponseJSON>(raw);
    const challenge = await challenges.live(cookieChallenge, 'login', null);
    const passkey = await Passkey.findById(response.id).lean();
    const user = passkey && (await users.byId(passkey.userId));
    const handle = response.response?.userHandle;
    const handleMatches = user && (handle === undefined || handle === userHandleOf(user._id).toString('base64url'));
    if (!passkey || !user || !handleMatches) {
      await limiter.attempt(policy.unknownPasskey(client.ipAddress));
      throw new PasskeyRefusedError(Message.PASSKEY_UNKNOWN);
    }
    return { user, passkey, challenge, response };
  }

  /**
   * Verifies a claim and spends its challenge: null when proven, else the refusal to answer,
   * and whether it is a failed sign-in to show the owner (a lost race for the challenge is not).
   */
  async function prove({ passkey, challenge, response }: PasskeyClaim): Promise<Refusal | null> {
    const { rpId, origins } = relyingParty(config);
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
    }).catch((error: unknown) => ceremonyRefusal(error));
    if (verification instanceof PasskeyRefusedError) return { error: verification, failedSignIn: true };
    if (!verification.verified) return { error: ceremonyRefusal(), failedSignIn: true };
    if (!(await challenges.spend(challenge)))
      return { error: new PasskeyRefusedError(Message.PASSKEY_EXPIRED), failedSignIn: false };
    const { newCounter } = verification.authenticationInfo;
    await Passkey.updateOne({ _id: passkey._id }, { $set: { counter: newCounter, lastUsedAt: clock.now() } });
    return null;
  }

  return { start, claim, prove };
}

export type PasskeyCheck = ReturnType<typeof createPasskeyCheck>;
