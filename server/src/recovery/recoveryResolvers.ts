import type { MutationResolvers } from '../__generated__/resolvers';

export const recoveryMutations: Pick<
  MutationResolvers,
  'requestPasswordReset' | 'resetPassword' | 'sendVerificationEmail' | 'verifyEmail'
> = {
  requestPasswordReset: (_parent, { input }, ctx) => ctx.services.recovery.requestPasswordReset(input, ctx.client),
  resetPassword: (_parent, { input }, ctx) => ctx.services.recovery.resetPassword(input, ctx.client),
  async sendVerificationEmail(_parent, _args, ctx) {
    return ctx.services.recovery.sendVerificationEmail(ctx.signedInViewer, ctx.client);
  },
  verifyEmail: (_parent, { input }, ctx) => ctx.services.recovery.verifyEmail(input, ctx.client),
};
