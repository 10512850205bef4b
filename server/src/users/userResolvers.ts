import type { QueryResolvers, UserResolvers } from '../__generated__/resolvers';
import { Message, UnauthenticatedError, requireViewer } from '../errors';
import { isEmailVerified } from './userService';

export const userQueries: Pick<QueryResolvers, 'me'> = {
  async me(_parent, _args, ctx) {
    const viewer = await requireViewer(ctx);
    const user = await ctx.services.users.byId(viewer.userId);
    if (!user) throw new UnauthenticatedError(Message.ACCOUNT_GONE);
    return user;
  },
};

export const userType: UserResolvers = {
  id: (user) => user._id.toHexString(),
  email: (user) => user.email,
  name: (user) => user.name,
  createdAt: (user) => user.createdAt,
  emailVerified: (user) => isEmailVerified(user),
  mfaEnabled: (user) => Boolean(user.totpSecret),
};
