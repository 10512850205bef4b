import type { MutationResolvers, QueryResolvers, SessionResolvers } from '../__generated__/resolvers';
import { ForbiddenError, Message } from '../errors';
import { pageSize } from '../graphql/pageSize';

export const sessionQueries: Pick<QueryResolvers, 'sessions'> = {
  async sessions(_parent, { first }, ctx, info) {
    const viewer = ctx.signedInViewer;
    const sessions = await ctx.services.sessions.listOwn(viewer, pageSize(first, info));
    return sessions.map((session) => ({ session, current: session._id === viewer.sessionId }));
  },
};

export const sessionMutations: Pick<MutationResolvers, 'logout' | 'logoutAll' | 'revokeSession'> = {
  /** Needs only the refresh cookie (the access token may have expired); always true. */
  async logout(_parent, _args, ctx) {
    await ctx.services.sessions.logout(ctx.refreshCookie.read(), ctx.viewer, ctx.client);
    ctx.refreshCookie.clear();
    return true;
  },

  async logoutAll(_parent, _args, ctx) {
    const viewer = ctx.signedInViewer;
    await ctx.services.sessions.logoutAll(viewer, ctx.client);
    ctx.refreshCookie.clear();
    return true;
  },

  async revokeSession(_parent, { id }, ctx) {
    const viewer = ctx.signedInViewer;
    const revoked = await ctx.services.sessions.revokeOwn(viewer, id, ctx.client);
    if (!revoked) throw new ForbiddenError(Message.NOT_YOUR_SESSION);
    if (revoked.wasCurrent) ctx.refreshCookie.clear();
    return true;
  },
};

export const sessionType: SessionResolvers = {
  id: ({ session }) => session._id,
  createdAt: ({ session }) => session.createdAt,
  lastUsedAt: ({ session }) => session.lastUsedAt,
  expiresAt: ({ session }) => session.expiresAt,
  userAgent: ({ session }) => session.userAgent,
  ipAddress: ({ session }) => session.ipAddress,
  current: ({ current }) => current,
};
