import type { MutationResolvers } from '../__generated__/resolvers';
import { requireViewer } from '../errors';

export const mfaMutations: Pick<
  MutationResolvers,
  'startTotpSetup' | 'confirmTotpSetup' | 'disableTotp' | 'regenerateRecoveryCodes'
> = {
  async startTotpSetup(_parent, { input }, ctx) {
    return ctx.services.mfa.startSetup(await requireViewer(ctx), input, ctx.client);
  },
  async confirmTotpSetup(_parent, { input }, ctx) {
    return ctx.services.mfa.confirmSetup(await requireViewer(ctx), input, ctx.client);
  },
  async disableTotp(_parent, { input }, ctx) {
    return ctx.services.mfa.disable(await requireViewer(ctx), input, ctx.client);
  },
  async regenerateRecoveryCodes(_parent, { input }, ctx) {
    return ctx.services.mfa.regenerateCodes(await requireViewer(ctx), input, ctx.client);
  },
};
