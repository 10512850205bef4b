/**
 * The links that put the access token on requests, recover from its expiry, and keep a request
 * that replaces the refresh cookie apart from refreshes.
 *
 * Order in the chain: errorLink → authLink → cookieLink → HttpLink, so a retry passes through
 * authLink again and picks up the refreshed token.
 */
import { ApolloLink } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { Kind } from 'graphql';
import { Observable, from, mergeMap, throwError } from 'rxjs';
import type { Subscription } from 'rxjs';
import type { AuthSession } from './authSession';
import { ErrorCode, hasErrorCode } from './errorCodes';

/**
 * Operations that authenticate by password or cookie; a refusal from them is an answer, not an
 * expiry. `verifyMfa` (the sign-in's second step) rides on the pending-login cookie: its
 * UNAUTHENTICATED means that sign-in has expired, which no token refresh can mend; so does a
 * passkey sign-in on its challenge cookie.
 */
const CREDENTIAL_FIELDS = new Set([
  'login',
  'register',
  'refreshToken',
  'logout',
  'verifyMfa',
  'startPasskeyLogin',
  'finishPasskeyLogin',
]);

/** Operations whose answer sets a new refresh cookie (`refreshToken` itself is sent outside the chain). */
const COOKIE_SETTING_FIELDS = new Set(['login', 'register', 'verifyMfa', 'changePassword', 'finishPasskeyLogin']);

declare module '@apollo/client' {
  interface DefaultContext {
    /** The access token this attempt was sent with. */
    sentToken?: string | null;
    /** Set on the one retry after a refresh, so a second refusal is final. */
    authRetried?: boolean;
  }
}

function hasRootField(operation: ApolloLink.Operation, fields: Set<string>): boolean {
  return operation.query.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      definition.selectionSet.selections.some(
        (selection) => selection.kind === Kind.FIELD && fields.has(selection.name.value),
      ),
  );
}

export function usesCredentials(operation: ApolloLink.Operation): boolean {
  return hasRootField(operation, CREDENTIAL_FIELDS);
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

/**
 * Sends an operation that sets a new refresh cookie (changePassword, login, …) only while no
 * refresh is on the wire in any tab, and lets none leave until its answer is in. A refresh beside
 * it presents the old cookie: refused, its answer clears the new cookie; accepted first, it rotates
 * the old session and its answer can overwrite the new cookie with one for a session the password
 * change is about to delete. Either way the device is signed out the next time it refreshes.
 */
export function createCookieLink(session: AuthSession): ApolloLink {
  return new ApolloLink((operation, forward) => {
    if (!hasRootField(operation, COOKIE_SETTING_FIELDS)) return forward(operation);
    return new Observable<ApolloLink.Result>((observer) => {
      let subscription: Subscription | undefined;
      let release: (() => void) | undefined;
      let cancelled = false;
      session
        .withoutRefresh(
          () =>
            new Promise<void>((done) => {
              release = done;
              if (cancelled) return done();
              subscription = forward(operation).subscribe({
                next: (result) => observer.next(result),
                error: (error: unknown) => {
                  done();
                  observer.error(error);
                },
                complete: () => {
                  done();
                  observer.complete();
                },
              });
            }),
        )
        .catch((error: unknown) => observer.error(error));
      return () => {
        cancelled = true;
        subscription?.unsubscribe();
        release?.();
      };
    });
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
