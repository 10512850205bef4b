// The registration ceremony: options, then the authenticator's answer (registration.ts).
import type { MutationResolvers } from '../__generated__/resolvers';
import { requireViewer } from '../errors';

export const passkeyRegistrationMutations: Pick<
  MutationResolvers,
  'startPasskeyRegistration' | 'finishPasskeyRegistration'
> = {
  async startPasskeyRegistration(_parent, _args, ctx) {
    return ctx.services.passkeys.startRegistration(await requireViewer(ctx));
  },
  async finishPasskeyRegistration(_parent, { response, name }, ctx) {
    return ctx.services.passkeys.finishRegistration(await requireViewer(ctx), response, name, ctx.client);
  },
};
