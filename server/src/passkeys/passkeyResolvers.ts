import type { MutationResolvers, PasskeyResolvers, QueryResolvers } from '../__generated__/resolvers';

export const passkeyQueries: Pick<QueryResolvers, 'passkeys'> = {
  async passkeys(_parent, _args, ctx) {
    return ctx.services.passkeys.listOwn(ctx.signedInViewer.userId);
  },
};

export const passkeyMutations: Pick<MutationResolvers, 'deletePasskey'> = {
  async deletePasskey(_parent, { id }, ctx) {
    await ctx.services.passkeys.remove(ctx.signedInViewer, id, ctx.client);
    return true;
  },
};

export const passkeyType: PasskeyResolvers = {
  id: (passkey) => passkey._id,
  name: (passkey) => passkey.name,
  createdAt: (passkey) => passkey.createdAt,
  lastUsedAt: (passkey) => passkey.lastUsedAt,
};
