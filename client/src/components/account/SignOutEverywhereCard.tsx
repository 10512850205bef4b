import { graphql } from '../../__generated__';
import { FormMessage } from '../FormMessage';
import { useSignOut } from '../useSignOut';

const LogoutAllMutation = graphql(`
  mutation LogoutAll {
    logoutAll
  }
`);

export function SignOutEverywhereCard() {
  const logoutAll = useSignOut(LogoutAllMutation);

  return (
    <section className="card card-danger" aria-labelledby="everywhere-title">
      <div className="card-row">
        <div>
          <h2 id="everywhere-title">Log out everywhere</h2>
          <p className="muted">
            Ends every session, this one included. Other devices are signed out on their next request.
          </p>
          <FormMessage tone="error" message={logoutAll.error} />
        </div>
        <button
          type="button"
          className="button button-danger"
          onClick={() => logoutAll.run()}
          disabled={logoutAll.pending}
          aria-busy={logoutAll.pending}
        >
          {logoutAll.pending ? 'Logging out…' : 'Log out everywhere'}
        </button>
      </div>
    </section>
  );
}
