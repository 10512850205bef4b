'use client';

import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../__generated__';
import { useAuthSession } from '../../auth/AuthProvider';
import { describeError } from '../../auth/errorCodes';
import { Brand } from '../Brand';

const AccountHeaderQuery = graphql(`
  query AccountHeader {
    me {
      id
      email
      name
    }
  }
`);

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export function AccountHeader() {
  const session = useAuthSession();
  const { data } = useQuery(AccountHeaderQuery);
  const [logout, { loading }] = useMutation(LogoutMutation);
  const [error, setError] = useState<string | null>(null);

  async function onLogout() {
    setError(null);
    try {
      await logout();
      session.signOut();
    } catch (caught) {
      // The cookie may still be valid: say so rather than pretend the sign-out happened.
      setError(describeError(caught, 'other'));
    }
  }

  const me = data?.me;
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Brand />
        <div className="topbar-user">
          {me && (
            <span className="avatar" aria-hidden="true">
              {(me.name ?? me.email).slice(0, 1).toUpperCase()}
            </span>
          )}
          {me && <span className="topbar-email">{me.email}</span>}
          <button type="button" className="button button-ghost" onClick={onLogout} disabled={loading}>
            {loading ? 'Signing out…' : 'Log out'}
          </button>
        </div>
      </div>
      {error && (
        <p className="notice notice-error topbar-error" role="alert">
          {error}
        </p>
      )}
    </header>
  );
}
