// Sign-in with a passkey: the passkey check (passkeys/passkeyCheck.ts) names the account
// and proves it; the rest is the one sign-in attempt, so passkeys open no way around the
// login limits. A passkey with user verification is itself multi-factor: no second step.
import type { PasskeyService } from '../passkeys/passkeyService';
import type { ClientInfo } from '../security/clientInfo';
import type { Presented, SignedIn, SignInAttempt } from './signInAttempt';

interface Deps {
  passkeys: Pick<PasskeyService, 'claim' | 'prove'>;
  signIn: SignInAttempt;
}

export function createPasskeySignIn({ passkeys, signIn }: Deps) {
  return async function passkeyLogin(
    response: unknown,
    challenge: string | undefined,
    client: ClientInfo,
    presented: Presented,
  ): Promise<SignedIn> {
    const claim = await passkeys.claim(response, challenge, client);
    const prove = async () => {
      const refusal = await passkeys.prove(claim);
      if (!refusal) return { user: claim.user };
      return { refused: refusal.error, owner: refusal.failedSignIn ? claim.user : null };
    };
    const way = { email: claim.user.email, account: claim.user, multiFactor: true as const, prove };
    return signIn.attempt(way, client, presented);
  };
}
