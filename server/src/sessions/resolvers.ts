import type { MutationResolvers, QueryResolvers, SessionResolvers } from '../__generated__/resolvers';
import { BadUserInputError, ForbiddenError, requireViewer } from '../errors';

const MAX_SESSIONS_PAGE = 100;

export const sessionQueries: Pick<QueryResolvers, 'sessions'> = {
  async sessions(_parent, { first }, ctx) {
    const viewer = await requireViewer(ctx);
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SESSIONS_PAGE) {
      throw new BadUserInputError(`first must be from 1 to ${MAX_SESSIONS_PAGE}`, 'first');
    }
    const sessions = await ctx.services.sessions.listLive(viewer.userId, limit);
    return sessions.map((session) => ({ session, current: session._id === viewer.sessionId }));
  },
};

export const sessionMutations: Pick<MutationResolvers, 'logout' | 'logoutAll' | 'revokeSession'> = {
  /** Needs only the refresh cookie (the access token may have expired); always true. */
  async logout(_parent, _args, ctx) {
    const session =
      (await ctx.services.sessions.findLiveByRefreshToken(ctx.refreshCookie.read())) ??
      (await ctx.viewer().then((v) => (v ? ctx.services.sessions.findLive(v.sessionId) : null)));
    if (session) await ctx.services.sessions.revoke([session._id], 'logout');
    ctx.refreshCookie.clear();
    return true;
  },

  async logoutAll(_parent, _args, ctx) {
    const viewer = await requireViewer(ctx);
    await ctx.services.sessions.revokeAllOf(viewer.userId, 'logout_all');
    ctx.refreshCookie.clear();
    return true;
  },

  async revokeSession(_parent, { id }, ctx) {
    const viewer = await requireViewer(ctx);
    const session = await ctx.services.sessions.findLive(id);
    // Someone else's session and no session at all look the same: nothing is revealed.
    if (!session || !session.userId.equals(viewer.userId)) throw new ForbiddenError('No such session of yours');
    await ctx.services.sessions.revoke([session._id], 'revoked_by_user');
    if (session._id === viewer.sessionId) ctx.refreshCookie.clear();
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
