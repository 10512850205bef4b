// Every way into an account ends in one sign-in attempt. Password, passkey (and next,
// social) sign-in differ only in how they prove who you are; what comes around the proof
// is written here, once:
// 1. the login limits of the account and the network, held to a per-device limit when the
//    browser shows this account's device cookie, issued under its current password
//    (security/rateLimitPolicy.ts, OWASP Authentication cheat sheet: device cookies),
//    counted before the proof is checked;
// 2. a refused proof is shown to the account's owner (LOGIN_FAILED); a proof refused for
//    overload (the hashing pool full) is withdrawn, not counted as a guess;
// 3. the second factor, when the account has one and the proof is not itself multi-factor
//    (a pending login instead of tokens: mfa/secondFactor.ts);
// 4. a new session (the browser's previous one ends: ASVS 5.0 V7.2.4), its refresh token, an
//    access token, a device cookie, and LOGIN_SUCCEEDED, mailed when the browser had no device
//    cookie of this account (ASVS 5.0 V6.3.5).
import type { SecurityLog } from '../securityEvents/securityLog';
import type { AccessTokens, IssuedAccessToken } from '../auth/tokens';
import type { Clock } from '../clock';
import type { PublicError } from '../errors';
import type { MfaService, PendingMfa } from '../mfa/mfaService';
import type { ClientInfo } from '../security/clientInfo';
import type { DeviceCookies } from '../security/deviceCookie';
import type { RateLimiter } from '../security/rateLimiter';
import type { RateLimitPolicy } from '../security/rateLimitPolicy';
import type { IssuedSession, SessionService } from '../sessions/sessionService';
import type { UserDocument } from '../users/userModel';
import { credentialVersionOf, isMfaEnabled } from '../users/userService';

export interface SignedIn extends IssuedSession {
  user: UserDocument;
  access: IssuedAccessToken;
  /** A device cookie to set, after a sign-in. */
  device?: string;
}

/** What the browser presented beside its proof: its current refresh cookie and device cookie. */
export interface Presented {
  refreshToken: string | undefined;
  device: string | undefined;
}

/** Login step 1 of an account with MFA: no tokens yet, a pending login for verifyMfa. */
export interface MfaRequired {
  pendingMfa: PendingMfa;
}

/** The outcome of a proof: the account, or the refusal to answer (and the account it was for, if any). */
export type Proof = { user: UserDocument } | { refused: PublicError; owner: UserDocument | null };

/** One way of proving who you are. */
export interface Way {
  /** The address whose limits apply (the account's, or the one typed for an unknown account). */
  email: string;
  /** The account of that address, if there is one: a device cookie must name it under its current password. */
  account: Pick<UserDocument, 'email' | 'credentialVersion'> | null;
  /** True when the proof is itself multi-factor (a passkey with user verification). */
  multiFactor: boolean;
  prove(): Promise<Proof>;
}

interface Deps {
  sessions: SessionService;
  accessTokens: AccessTokens;
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  devices: DeviceCookies;
  securityLog: Pick<SecurityLog, 'record' | 'loginFailedForUnknownAddress'>;
  mfa: Pick<MfaService, 'beginLogin'>;
  clock: Clock;
}

export function createSignInAttempt(deps: Deps) {
  const { sessions, accessTokens, limiter, policy, devices, securityLog, mfa, clock } = deps;

  async function tokensFor(user: UserDocument, issued: IssuedSession): Promise<SignedIn> {
    return { ...issued, user, access: await accessTokens.issue(user._id.toHexString(), issued.session._id) };
  }

  /**
   * A new session under the credential version read with the proof (a password change since
   * then makes it stale); the browser's previous session ends, and it is remembered as a device.
   */
  async function startSession(user: UserDocument, client: ClientInfo, presented: Presented): Promise<SignedIn> {
    const credentialVersion = credentialVersionOf(user);
    const issued = await sessions.create({ _id: user._id, credentialVersion }, client, clock.now());
    await sessions.endReplaced(presented.refreshToken);
    return { ...(await tokensFor(user, issued)), device: devices.issue(user) };
  }

  /** The end of every successful sign-in (step 4 above). */
  async function complete(user: UserDocument, client: ClientInfo, presented: Presented, newDevice: boolean) {
    const signedIn = await startSession(user, client, presented);
    const event = { userId: user._id, client, sessionId: signedIn.session._id, newDevice };
    securityLog.record('LOGIN_SUCCEEDED', event);
    return signedIn;
  }

  /** The nonce of the owner's device when the browser showed this account's device cookie, else null. */
  function trustedDevice(presented: Presented, user: UserDocument): string | null {
    return devices.verify(presented.device, user);
  }

  /** A device cookie for `user` under its current password (after a password change on this device). */
  const deviceFor = (user: UserDocument): string => devices.issue(user);

  /** A multi-factor proof never needs a second step: it always ends signed in. */
  function attempt(way: Way & { multiFactor: true }, client: ClientInfo, presented: Presented): Promise<SignedIn>;
  function attempt(way: Way, client: ClientInfo, presented: Presented): Promise<SignedIn | MfaRequired>;
  async function attempt(way: Way, client: ClientInfo, presented: Presented): Promise<SignedIn | MfaRequired> {
    const device = way.account ? devices.verify(presented.device, way.account) : null;
    const counted = await limiter.attempt(policy.login(way.email, client.ipAddress, device));
    const proof = await way.prove().catch(async (error: unknown) => {
      await counted.withdraw(); // refused for overload or a fault, not a guess: it must not count
      throw error;
    });
    if ('refused' in proof) {
      if (proof.owner) securityLog.record('LOGIN_FAILED', { userId: proof.owner._id, client });
      else securityLog.loginFailedForUnknownAddress(way.email, client);
      throw proof.refused;
    }
    await counted.withdraw();
    const newDevice = device === null;
    // The MFA state is told only to whoever passed the first factor (it is never revealed before).
    if (!way.multiFactor && isMfaEnabled(proof.user)) {
      return { pendingMfa: await mfa.beginLogin(proof.user, newDevice) };
    }
    return complete(proof.user, client, presented, newDevice);
  }

  return { attempt, complete, startSession, tokensFor, trustedDevice, deviceFor };
}

export type SignInAttempt = ReturnType<typeof createSignInAttempt>;
