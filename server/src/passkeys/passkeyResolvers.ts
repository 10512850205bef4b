import type { MutationResolvers, PasskeyResolvers, QueryResolvers } from '../__generated__/resolvers';
import { requireViewer } from '../errors';

export const passkeyQueries: Pick<QueryResolvers, 'passkeys'> = {
  async passkeys(_parent, _args, ctx) {
    return ctx.services.passkeys.listOwn((await requireViewer(ctx)).userId);
  },
};

export const passkeyMutations: Pick<MutationResolvers, 'deletePasskey'> = {
  async deletePasskey(_parent, { id }, ctx) {
    await ctx.services.passkeys.remove(await requireViewer(ctx), id, ctx.client);
    return true;
  },
};

export const passkeyType: PasskeyResolvers = {
  id: (passkey) => passkey._id,
  name: (passkey) => passkey.name,
  createdAt: (passkey) => passkey.createdAt,
  lastUsedAt: (passkey) => passkey.lastUsedAt,
};
