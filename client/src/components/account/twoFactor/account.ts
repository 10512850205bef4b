import type { ApolloCache } from '@apollo/client';

/** The signed-in account, as the card reads it from the Profile query. */
export interface Account {
  id: string;
  email: string;
  /** Two-factor can be set up only on a confirmed address (EMAIL_NOT_VERIFIED). */
  emailVerified: boolean;
  mfaEnabled: boolean;
}

/** Sets `mfaEnabled` on the cached user, so the Profile query (which this card reads) shows it. */
export function setMfaEnabled(cache: ApolloCache, userId: string, enabled: boolean) {
  cache.modify({ id: cache.identify({ __typename: 'User', id: userId }), fields: { mfaEnabled: () => enabled } });
}
