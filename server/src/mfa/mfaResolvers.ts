import type { MutationResolvers } from '../__generated__/resolvers';

export const mfaMutations: Pick<
  MutationResolvers,
  'startTotpSetup' | 'confirmTotpSetup' | 'disableTotp' | 'regenerateRecoveryCodes'
> = {
  async startTotpSetup(_parent, { input }, ctx) {
    return ctx.services.mfa.startSetup(ctx.signedInViewer, input, ctx.client);
  },
  async confirmTotpSetup(_parent, { input }, ctx) {
    return ctx.services.mfa.confirmSetup(ctx.signedInViewer, input, ctx.client);
  },
  async disableTotp(_parent, { input }, ctx) {
    return ctx.services.mfa.disable(ctx.signedInViewer, input, ctx.client);
  },
  async regenerateRecoveryCodes(_parent, { input }, ctx) {
    return ctx.services.mfa.regenerateCodes(ctx.signedInViewer, input, ctx.client);
  },
};
