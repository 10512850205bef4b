'use client';

import { ApolloProvider } from '@apollo/client/react';
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { createApolloClient } from '../apollo/createApolloClient';
import { AuthSession } from './authSession';
import type { AuthState } from './authSession';
import { requestRefresh } from './refreshRequest';
import { browserTabChannel } from './tabChannel';

const AuthContext = createContext<AuthSession | null>(null);

const browserClock = {
  now: () => Date.now(),
  setTimeout: (callback: () => void, ms: number) => window.setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => window.clearTimeout(handle as number),
};

const RESTORING: AuthState = { status: 'restoring' };

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session] = useState(
    () => new AuthSession({ refresh: () => requestRefresh(), tabs: browserTabChannel(), clock: browserClock }),
  );
  const [client] = useState(() => createApolloClient(session));
  const state = useSyncExternalStore(session.subscribe, session.getState, () => RESTORING);

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
  const session = useAuthSession();
  return useSyncExternalStore(session.subscribe, session.getState, () => RESTORING);
}
