import { graphql } from '../../../__generated__';
import type { PasskeysQuery as PasskeysResult } from '../../../__generated__/graphql';

/** The card's list; in its own module because adding and removing one both refetch it. */
export const PasskeysQuery = graphql(`
  query Passkeys {
    passkeys {
      id
      name
      createdAt
      lastUsedAt
    }
  }
`);

export type Passkey = PasskeysResult['passkeys'][number];

/** A mutation's options after a passkey is added or removed: the list, and the activity card that records it. */
export const refetchAfterChange = {
  refetchQueries: [PasskeysQuery, 'SecurityActivity'],
  awaitRefetchQueries: true,
};
