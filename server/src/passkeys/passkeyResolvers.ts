import type { MutationResolvers, PasskeyResolvers, QueryResolvers } from '../__generated__/resolvers';
import { requireViewer } from '../errors';

export const passkeyQueries: Pick<QueryResolvers, 'passkeys'> = {
  async passkeys(_parent, _args, ctx) {
    return ctx.services.passkeys.listOwn((await requireViewer(ctx)).userId);
  },
};

export const passkeyMutations: Pick<
  MutationResolvers,
  'startPasskeyRegistration' | 'finishPasskeyRegistration' | 'startPasskeyLogin' | 'deletePasskey'
> = {
  async startPasskeyRegistration(_parent, _args, ctx) {
    return ctx.services.passkeys.startRegistration(await requireViewer(ctx));
  },
  async finishPasskeyRegistration(_parent, { response, name }, ctx) {
    return ctx.services.passkeys.finishRegistration(await requireViewer(ctx), response, name, ctx.client);
  },
  async startPasskeyLogin(_parent, _args, ctx) {
    const started = await ctx.services.passkeys.startLogin(ctx.client);
    ctx.passkeyCookie.set(started.challenge, started.expiresAt);
    return started.options;
  },
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
