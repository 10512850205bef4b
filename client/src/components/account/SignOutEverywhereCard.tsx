'use client';

import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../__generated__';
import { useAuthSession } from '../../auth/AuthProvider';
import { describeError } from '../../auth/errorCodes';
import { FormError } from '../FormMessage';

const LogoutAllMutation = graphql(`
  mutation LogoutAll {
    logoutAll
  }
`);

export function SignOutEverywhereCard() {
  const session = useAuthSession();
  const [logoutAll, { loading }] = useMutation(LogoutAllMutation);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setError(null);
    try {
      await logoutAll();
      session.signOut();
    } catch (caught) {
      setError(describeError(caught, 'other'));
    }
  }

  return (
    <section className="card card-danger" aria-labelledby="everywhere-title">
      <div className="card-row">
        <div>
          <h2 id="everywhere-title">Log out everywhere</h2>
          <p className="muted">
            Ends every session, this one included. Other devices are signed out on their next request.
          </p>
          <FormError message={error} />
        </div>
        <button type="button" className="button button-danger" onClick={onClick} disabled={loading} aria-busy={loading}>
          {loading ? 'Logging out…' : 'Log out everywhere'}
        </button>
      </div>
    </section>
  );
}
