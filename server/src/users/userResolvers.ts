import type { QueryResolvers, UserResolvers } from '../__generated__/resolvers';
import { requireViewer } from '../errors';
import { isEmailVerified, isMfaEnabled } from './userService';

export const userQueries: Pick<QueryResolvers, 'me'> = {
  async me(_parent, _args, ctx) {
    return ctx.services.users.ofViewer(await requireViewer(ctx));
  },
};

export const userType: UserResolvers = {
  id: (user) => user._id.toHexString(),
  email: (user) => user.email,
  name: (user) => user.name,
  createdAt: (user) => user.createdAt,
  emailVerified: (user) => isEmailVerified(user),
  mfaEnabled: (user) => isMfaEnabled(user),
};
