'use client';

import type { TypedDocumentNode } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { useAuthSession } from '../auth/AuthProvider';
import type { AuthPayload } from '../auth/authPayloadFields';

/**
 * `login`, `register` and `changePassword`: the payload each answers with starts the session,
 * here and in the other tabs. The function resolves once it has, and rejects with the API's error.
 */
export function useSignInMutation<Field extends string, Input>(
  mutation: TypedDocumentNode<Record<Field, AuthPayload>, { input: Input }>,
  field: Field,
  options: { refetchQueries?: string[] } = {},
): (input: Input) => Promise<void> {
  const session = useAuthSession();
  const [mutate] = useMutation(mutation, options);
  return async (input) => {
    const { data } = await mutate({ variables: { input } });
    if (data) session.signIn(data[field]);
  };
}
