import type { MutationResolvers, ResolversTypes } from '../__generated__/resolvers';
import type { GraphQLContext } from '../context';
import { Message, MfaRequiredError, UnauthenticatedError, requireViewer } from '../errors';
import type { Presented, SignedIn } from './authService';

/** Sets the session's refresh cookie (and device cookie) and answers with its access token. */
function authPayload(ctx: GraphQLContext, signedIn: SignedIn): ResolversTypes['AuthPayload'] {
  ctx.refreshCookie.set(signedIn.refreshToken, signedIn.session.expiresAt);
  if (signedIn.device) ctx.deviceCookie.set(signedIn.device);
  return { accessToken: signedIn.access.token, expiresAt: signedIn.access.expiresAt, user: signedIn.user };
}

const presented = (ctx: GraphQLContext): Presented => ({
  refreshToken: ctx.refreshCookie.read(),
  device: ctx.deviceCookie.read(),
});

export const authMutations: Pick<
  MutationResolvers,
  'register' | 'login' | 'verifyMfa' | 'refreshToken' | 'changePassword' | 'reauthenticate' | 'finishPasskeyLogin'
> = {
  async register(_parent, { input }, ctx) {
    return authPayload(ctx, await ctx.services.auth.register(input, ctx.client, presented(ctx)));
  },

  async login(_parent, { input }, ctx) {
    const result = await ctx.services.auth.login(input, ctx.client, presented(ctx));
    if ('pendingMfa' in result) {
      ctx.mfaCookie.set(result.pendingMfa.token, result.pendingMfa.expiresAt);
      throw new MfaRequiredError();
    }
    return authPayload(ctx, result);
  },

  async verifyMfa(_parent, { input }, ctx) {
    const signedIn = await ctx.services.auth.verifyMfa(input, ctx.mfaCookie.read(), ctx.client, presented(ctx));
    ctx.mfaCookie.clear();
    return authPayload(ctx, signedIn);
  },

  async finishPasskeyLogin(_parent, { response }, ctx) {
    const signedIn = await ctx.services.auth.passkeyLogin(
      response,
      ctx.passkeyCookie.read(),
      ctx.client,
      presented(ctx),
    );
    ctx.passkeyCookie.clear();
    return authPayload(ctx, signedIn);
  },

  async reauthenticate(_parent, { input }, ctx) {
    await ctx.services.auth.reauthenticate(await requireViewer(ctx), input, ctx.client);
    return true;
  },

  async refreshToken(_parent, _args, ctx) {
    const signedIn = await ctx.services.auth.refresh(ctx.refreshCookie.read(), ctx.client);
    if (!signedIn) {
      ctx.refreshCookie.clear();
      throw new UnauthenticatedError(Message.REFRESH_REFUSED);
    }
    return authPayload(ctx, signedIn);
  },

  async changePassword(_parent, { input }, ctx) {
    const viewer = await requireViewer(ctx);
    return authPayload(ctx, await ctx.services.auth.changePassword(viewer, input, ctx.client));
  },
};
