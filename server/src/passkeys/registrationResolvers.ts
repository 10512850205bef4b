// The registration ceremony: options, then the authenticator's answer (registration.ts).
import type { MutationResolvers } from '../__generated__/resolvers';

export const passkeyRegistrationMutations: Pick<
  MutationResolvers,
  'startPasskeyRegistration' | 'finishPasskeyRegistration'
> = {
  async startPasskeyRegistration(_parent, _args, ctx) {
    return ctx.services.passkeys.startRegistration(ctx.signedInViewer);
  },
  async finishPasskeyRegistration(_parent, { response, name }, ctx) {
    return ctx.services.passkeys.finishRegistration(ctx.signedInViewer, response, name, ctx.client);
  },
};
