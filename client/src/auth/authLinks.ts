/**
 * The two links that put the access token on requests and recover from its expiry.
 *
 * Order in the chain: errorLink → authLink → HttpLink, so a retry passes through authLink again
 * and picks up the refreshed token.
 */
import { ApolloLink } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { Kind } from 'graphql';
import { from, mergeMap, throwError } from 'rxjs';
import type { AuthSession } from './authSession';
import { ErrorCode, hasErrorCode } from './errorCodes';

/**
 * Operations that authenticate by password or cookie; a refusal from them is an answer, not an
 * expiry. `verifyMfa` (the sign-in's second step) rides on the pending-login cookie: its
 * UNAUTHENTICATED means that sign-in has expired, which no token refresh can mend.
 */
const CREDENTIAL_FIELDS = new Set(['login', 'register', 'refreshToken', 'logout', 'verifyMfa']);

declare module '@apollo/client' {
  interface DefaultContext {
    /** The access token this attempt was sent with. */
    sentToken?: string | null;
    /** Set on the one retry after a refresh, so a second refusal is final. */
    authRetried?: boolean;
  }
}

export function usesCredentials(operation: ApolloLink.Operation): boolean {
  return operation.query.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      definition.selectionSet.selections.some(
        (selection) => selection.kind === Kind.FIELD && CREDENTIAL_FIELDS.has(selection.name.value),
      ),
  );
}

export function createAuthLink(session: AuthSession): ApolloLink {
  return new ApolloLink((operation, forward) => {
    if (usesCredentials(operation)) return forward(operation);
    return from(session.tokenForRequest()).pipe(
      mergeMap((token) => {
        operation.setContext(({ headers }) => ({
          sentToken: token,
          headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
        }));
        return forward(operation);
      }),
    );
  });
}

export function createRefreshOnExpiryLink(session: AuthSession): ApolloLink {
  return new ErrorLink(({ error, operation, forward }) => {
    const { sentToken, authRetried } = operation.getContext();
    // MFA_REQUIRED (login's answer for an account with two-factor) is the sign-in's next step,
    // never an expired token, even should a refusal ride along with it.
    if (hasErrorCode(error, ErrorCode.MFA_REQUIRED)) return;
    if (!hasErrorCode(error, ErrorCode.UNAUTHENTICATED) || usesCredentials(operation)) return;
    // Retry once: a token refused right after a refresh means the session is gone, not stale.
    if (!sentToken || authRetried) return;
    return from(session.recover(sentToken)).pipe(
      mergeMap((token) => {
        if (!token) return throwError(() => error);
        operation.setContext({ authRetried: true });
        return forward(operation);
      }),
    );
  });
}
