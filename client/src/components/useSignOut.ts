'use client';

import type { TypedDocumentNode } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useAuthSession } from '../apollo/AuthProvider';
import type { LogoutMutationVariables } from '../__generated__/graphql';
import { useAction } from './useAction';

/**
 * `logout` and `logoutAll`: the session ends here and in the other tabs only once the API has
 * ended it. When the API could not, the cookie may still be valid: `error` says so rather than
 * pretend the sign-out happened.
 */
export function useSignOut(mutation: TypedDocumentNode<unknown, LogoutMutationVariables>) {
  const session = useAuthSession();
  const [signOut] = useMutation(mutation);
  return useAction('other', async () => {
    await signOut();
    session.signOut();
  });
}
