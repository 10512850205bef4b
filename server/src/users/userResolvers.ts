import type { QueryResolvers, UserResolvers } from '../__generated__/resolvers';
import { signedInViewer } from '../graphql/authenticated';
import { isEmailVerified, isMfaEnabled } from './userService';
import { ownAccount } from './userView';

export const userQueries: Pick<QueryResolvers, 'me'> = {
  me: (_parent, _args, ctx) => ctx.services.users.ofViewer(ctx.signedInViewer),
};

export const userType: UserResolvers = {
  // `_entities` is @authenticated (graphql/authenticated.ts): an anonymous caller never gets here.
  __resolveReference: (reference, ctx) => ctx.services.users.referencedBy(signedInViewer(ctx), reference.id),
  id: (user) => user._id.toHexString(),
  name: (user) => user.name,
  email: (user) => ownAccount(user).email,
  createdAt: (user) => ownAccount(user).createdAt,
  emailVerified: (user) => isEmailVerified(ownAccount(user)),
  mfaEnabled: (user) => isMfaEnabled(ownAccount(user)),
};
