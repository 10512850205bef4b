import type { QueryResolvers, UserResolvers } from '../__generated__/resolvers';
import { UnauthenticatedError, requireViewer } from '../errors';

export const userQueries: Pick<QueryResolvers, 'me'> = {
  async me(_parent, _args, ctx) {
    const viewer = await requireViewer(ctx);
    const user = await ctx.services.models.User.findById(viewer.userId).lean();
    // A valid token of a deleted account is no longer anyone.
    if (!user) throw new UnauthenticatedError('Account no longer exists');
    return user;
  },
};

export const userType: UserResolvers = {
  id: (user) => user._id.toHexString(),
  email: (user) => user.email,
  name: (user) => user.name,
  createdAt: (user) => user.createdAt,
};
