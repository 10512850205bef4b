'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useAuthSession, useAuthState } from '../apollo/AuthProvider';
import { loginPathFor } from '../auth/nextPath';

/**
 * Shows its children only with a session. While the session is being restored from the cookie
 * it shows a quiet placeholder, never the login page, so a reload does not flash the form.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const state = useAuthState();
  const session = useAuthSession();
  const router = useRouter();

  useEffect(() => {
    if (state.status !== 'signedOut') return;
    const here = `${window.location.pathname}${window.location.search}`;
    router.replace(state.reason === 'loggedOut' ? '/login' : loginPathFor(here));
  }, [state, router]);

  if (state.status === 'signedIn') return <>{children}</>;
  if (state.status === 'unreachable') {
    return (
      <main className="center-screen">
        <div className="card status-card" role="alert">
          <h1>We can’t reach the server</h1>
          <p className="muted">Check your connection. Your session is kept; nothing was lost.</p>
          <button type="button" className="button button-primary" onClick={() => void session.restore()}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  return (
    <main className="center-screen" aria-busy="true">
      <span className="spinner spinner-large" role="status" aria-label="Loading your account" />
    </main>
  );
}
