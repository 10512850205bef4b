'use client';

import type { TypedDocumentNode } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useAuthSession } from '../apollo/AuthProvider';
import type { AuthPayload } from '../auth/authPayloadFields';

/**
 * `login`, `register`, `verifyMfa`, `finishPasskeyLogin` and `changePassword`: the payload each
 * answers with starts the session, here and in the other tabs. The function (given the
 * mutation's variables) resolves once it has, and rejects with the API's error.
 */
export function useSignInMutation<Field extends string, Variables extends Record<string, unknown>>(
  mutation: TypedDocumentNode<Record<Field, AuthPayload>, Variables>,
  field: Field,
  options: { refetchQueries?: string[] } = {},
): (variables: Variables) => Promise<void> {
  const session = useAuthSession();
  const [mutate] = useMutation(mutation, options);
  return async (variables) => {
    const { data } = await mutate({ variables });
    if (data) session.signIn(data[field]);
  };
}
