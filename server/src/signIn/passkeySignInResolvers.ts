// The passkey sign-in ceremony: options bound to this browser by a cookie, then the
// authenticator's answer, which signs in like `login` (passkeySignIn.ts).
import type { MutationResolvers } from '../__generated__/resolvers';
import { authPayload, presented } from './authPayload';

export const passkeySignInMutations: Pick<MutationResolvers, 'startPasskeyLogin' | 'finishPasskeyLogin'> = {
  async startPasskeyLogin(_parent, _args, ctx) {
    const started = await ctx.services.passkeys.startLogin(ctx.client);
    ctx.passkeyCookie.set(started.challenge, started.expiresAt);
    return started.options;
  },

  async finishPasskeyLogin(_parent, { response }, ctx) {
    const challenge = ctx.passkeyCookie.read();
    const signedIn = await ctx.services.signIn.passkeyLogin(response, challenge, ctx.client, presented(ctx));
    ctx.passkeyCookie.clear();
    return authPayload(ctx, signedIn);
  },
};
