// The answer of every mutation that signs someone in: the refresh cookie (and device cookie)
// set on the response, the access token in the body.
import type { ResolversTypes } from '../__generated__/resolvers';
import type { GraphQLContext } from '../context';
import type { Presented, SignedIn } from './signInAttempt';

export function authPayload(ctx: GraphQLContext, signedIn: SignedIn): ResolversTypes['AuthPayload'] {
  ctx.refreshCookie.set(signedIn.refreshToken, signedIn.session.expiresAt);
  if (signedIn.device) ctx.deviceCookie.set(signedIn.device);
  return { accessToken: signedIn.access.token, expiresAt: signedIn.access.expiresAt, user: signedIn.user };
}

/** The cookies a browser presents beside its proof. */
export const presented = (ctx: GraphQLContext): Presented => ({
  refreshToken: ctx.refreshCookie.read(),
  device: ctx.deviceCookie.read(),
});
