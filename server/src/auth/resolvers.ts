import type { MutationResolvers, ResolversTypes } from '../__generated__/resolvers';
import type { GraphQLContext } from '../context';
import { UnauthenticatedError, requireViewer } from '../errors';
import type { IssuedSession } from '../sessions/sessionService';
import type { UserDocument } from '../users/userModel';

/** Issues an access token for the session and sets its refresh cookie. */
function authPayload(ctx: GraphQLContext, user: UserDocument, issued: IssuedSession): ResolversTypes['AuthPayload'] {
  const access = ctx.services.accessTokens.issue(user._id.toHexString(), issued.session._id);
  ctx.refreshCookie.set(issued.refreshToken, issued.session.expiresAt);
  return { accessToken: access.token, expiresAt: access.expiresAt, user };
}

export const authMutations: Pick<MutationResolvers, 'register' | 'login' | 'refreshToken' | 'changePassword'> = {
  async register(_parent, { input }, ctx) {
    const signedIn = await ctx.services.auth.register(input, ctx.client);
    return authPayload(ctx, signedIn.user, signedIn);
  },

  async login(_parent, { input }, ctx) {
    const signedIn = await ctx.services.auth.login(input, ctx.client);
    return authPayload(ctx, signedIn.user, signedIn);
  },

  async refreshToken(_parent, _args, ctx) {
    const issued = await ctx.services.sessions.rotate(ctx.refreshCookie.read());
    const user = issued && (await ctx.services.models.User.findById(issued.session.userId).lean());
    if (!issued || !user) {
      ctx.refreshCookie.clear();
      throw new UnauthenticatedError('Refresh token is missing, expired or revoked');
    }
    return authPayload(ctx, user, issued);
  },

  async changePassword(_parent, { input }, ctx) {
    const viewer = await requireViewer(ctx);
    const signedIn = await ctx.services.auth.changePassword(viewer, input, ctx.client);
    return authPayload(ctx, signedIn.user, signedIn);
  },
};
