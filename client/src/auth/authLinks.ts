/**
 * The links that put the access token on requests, recover from its expiry, and keep a request
 * that replaces the refresh cookie apart from refreshes.
 *
 * Order in the chain (`createAuthLinks`): errorLink → authLink → cookieLink → transport, so a
 * retry passes through authLink again and picks up the refreshed token.
 */
import { ApolloLink } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { Kind } from 'graphql';
import { Observable, from, mergeMap, throwError } from 'rxjs';
import type { Subscription } from 'rxjs';
import type { AuthSession } from './authSession';
import { ErrorCode, hasErrorCode } from './errorCodes';

/**
 * Operations that prove who is asking by a password or by a cookie of their own (the refresh
 * cookie, the pending-login cookie, the passkey challenge cookie), never by an access token: they
 * are sent without one, without waiting for a restore or a refresh, and their UNAUTHENTICATED
 * (wrong password, refused refresh, expired pending login) is an answer no token refresh can mend.
 */
export const CREDENTIAL_FIELDS: ReadonlySet<string> = new Set([
  'login',
  'register',
  'refreshToken',
  'logout',
  'verifyMfa',
  // The passkey sign-in rides on its challenge cookie and never needs an access token.
  'startPasskeyLogin',
  'finishPasskeyLogin',
]);

/**
 * Operations whose answer sets a new refresh cookie: the mutations answering `AuthPayload!`
 * (a test holds this to schema.graphql), except `refreshToken`, which is sent outside the chain.
 */
export const COOKIE_SETTING_FIELDS: ReadonlySet<string> = new Set([
  'login',
  'register',
  'verifyMfa',
  'changePassword',
  'finishPasskeyLogin',
]);

declare module '@apollo/client' {
  interface DefaultContext {
    /** The access token this attempt was sent with. */
    sentToken?: string | null;
    /** Set on the one retry after a refresh, so a second refusal is final. */
    authRetried?: boolean;
  }
}

function hasRootField(operation: ApolloLink.Operation, fields: ReadonlySet<string>): boolean {
  return operation.query.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      definition.selectionSet.selections.some(
        (selection) => selection.kind === Kind.FIELD && fields.has(selection.name.value),
      ),
  );
}

function usesCredentials(operation: ApolloLink.Operation): boolean {
  return hasRootField(operation, CREDENTIAL_FIELDS);
}

function createAuthLink(session: AuthSession): ApolloLink {
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
function createCookieLink(session: AuthSession): ApolloLink {
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

/**
 * Refreshes and replays, once, an operation the API refused with UNAUTHENTICATED (the access token
 * it was sent with has expired or was revoked): that code means nothing else, and no other code
 * leads here. Credential operations carry no token, so their refusals pass through.
 */
function createRefreshOnExpiryLink(session: AuthSession): ApolloLink {
  return new ErrorLink(({ error, operation, forward }) => {
    if (!hasErrorCode(error, ErrorCode.UNAUTHENTICATED) || usesCredentials(operation)) return;
    const { sentToken, authRetried } = operation.getContext();
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

/** The links in their order, for the client to end with its transport. */
export function createAuthLinks(session: AuthSession): ApolloLink[] {
  return [createRefreshOnExpiryLink(session), createAuthLink(session), createCookieLink(session)];
}
