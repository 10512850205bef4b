import { useQuery } from '@apollo/client/react';
import { graphql } from '../../__generated__';
import { Brand } from '../Brand';
import { useSignOut } from '../useSignOut';

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
  const { data } = useQuery(AccountHeaderQuery);
  const logout = useSignOut(LogoutMutation);

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
          <button type="button" className="button button-ghost" onClick={() => logout.run()} disabled={logout.pending}>
            {logout.pending ? 'Signing out…' : 'Log out'}
          </button>
        </div>
      </div>
      {logout.error && (
        <p className="notice notice-error topbar-error" role="alert">
          {logout.error}
        </p>
      )}
    </header>
  );
}
