import type { QueryResolvers, SecurityEventResolvers } from '../__generated__/resolvers';
import { pageSize } from '../graphql/pageSize';

export const securityEventQueries: Pick<QueryResolvers, 'securityEvents'> = {
  async securityEvents(_parent, { first }, ctx, info) {
    const viewer = ctx.signedInViewer;
    return ctx.services.securityEvents.listOwn(viewer.userId, pageSize(first, info));
  },
};

export const securityEventType: SecurityEventResolvers = {
  id: (event) => event._id.toHexString(),
  type: (event) => event.type,
  at: (event) => event.at,
  ipAddress: (event) => event.ipAddress,
  userAgent: (event) => event.userAgent,
  count: (event) => event.count ?? 1,
};
