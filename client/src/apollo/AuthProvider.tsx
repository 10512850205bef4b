'use client';

/**
 * The session and the Apollo client of this tab, given to the React tree. The token logic is in
 * `auth/` (AuthSession); this wires it to the browser (clock, tabs, the refresh request) and to Apollo.
 */
import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { AuthSession } from '../auth/authSession';
import type { AuthState } from '../auth/authSession';
import { requestRefresh } from '../auth/refreshRequest';
import { browserTabChannel } from '../auth/tabChannel';
import { createApolloClient } from './createApolloClient';

const AuthContext = createContext<AuthSession | null>(null);

const browserClock = {
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
};

const RESTORING: AuthState = { status: 'restoring' };

interface BrowserAuth {
  session: AuthSession;
  client: ApolloClient;
}

function createAuth(): BrowserAuth {
  const session = new AuthSession({ refresh: () => requestRefresh(), tabs: browserTabChannel(), clock: browserClock });
  return { session, client: createApolloClient(session) };
}

let tabAuth: BrowserAuth | null = null;

/**
 * One session per tab, made outside React: a second instance (React may call state initialisers
 * twice) would open its own BroadcastChannel and refresh on its own timer. On the server each
 * render gets a fresh instance that never sends a request.
 */
function authForThisTab(): BrowserAuth {
  if (typeof window === 'undefined') return createAuth();
  tabAuth ??= createAuth();
  return tabAuth;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [{ session, client }] = useState(authForThisTab);
  const state = useSessionState(session);

  useEffect(() => {
    void session.restore();
  }, [session]);

  // Nothing cached for one user may be shown to the next.
  useEffect(() => {
    if (state.status === 'signedOut') void client.clearStore();
  }, [state.status, client]);

  return (
    <AuthContext.Provider value={session}>
      <ApolloProvider client={client}>{children}</ApolloProvider>
    </AuthContext.Provider>
  );
}

export function useAuthSession(): AuthSession {
  const session = useContext(AuthContext);
  if (!session) throw new Error('useAuthSession must be used inside <AuthProvider>');
  return session;
}

export function useAuthState(): AuthState {
  return useSessionState(useAuthSession());
}

/** The session's state, re-rendering on each change; "restoring" while rendered on the server. */
function useSessionState(session: AuthSession): AuthState {
  return useSyncExternalStore(session.subscribe, session.getState, () => RESTORING);
}
