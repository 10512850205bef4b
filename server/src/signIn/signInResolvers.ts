import type { MutationResolvers } from '../__generated__/resolvers';
import { Message, MfaRequiredError, UnauthenticatedError } from '../errors';
import { authPayload, presented } from './authPayload';

export const signInMutations: Pick<
  MutationResolvers,
  'register' | 'login' | 'verifyMfa' | 'refreshToken' | 'changePassword' | 'reauthenticate'
> = {
  async register(_parent, { input }, ctx) {
    return authPayload(ctx, await ctx.services.signIn.register(input, ctx.client, presented(ctx)));
  },

  async login(_parent, { input }, ctx) {
    const result = await ctx.services.signIn.login(input, ctx.client, presented(ctx));
    if ('pendingMfa' in result) {
      ctx.mfaCookie.set(result.pendingMfa.token, result.pendingMfa.expiresAt);
      throw new MfaRequiredError();
    }
    return authPayload(ctx, result);
  },

  async verifyMfa(_parent, { input }, ctx) {
    const signedIn = await ctx.services.signIn.verifyMfa(input, ctx.mfaCookie.read(), ctx.client, presented(ctx));
    ctx.mfaCookie.clear();
    return authPayload(ctx, signedIn);
  },

  async reauthenticate(_parent, { input }, ctx) {
    await ctx.services.signIn.reauthenticate(ctx.signedInViewer, input, ctx.client);
    return true;
  },

  async refreshToken(_parent, _args, ctx) {
    const signedIn = await ctx.services.signIn.refresh(ctx.refreshCookie.read(), ctx.client);
    if (!signedIn) {
      ctx.refreshCookie.clear();
      throw new UnauthenticatedError(Message.REFRESH_REFUSED);
    }
    return authPayload(ctx, signedIn);
  },

  async changePassword(_parent, { input }, ctx) {
    const viewer = ctx.signedInViewer;
    return authPayload(ctx, await ctx.services.signIn.changePassword(viewer, input, ctx.client));
  },
};
