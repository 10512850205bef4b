import { useQuery } from '@apollo/client/react';
import { graphql } from '../../__generated__';
import { describeError } from '../../auth/errorCodes';
import { formatDate } from './format';

const ProfileQuery = graphql(`
  query Profile {
    me {
      id
      email
      name
      createdAt
    }
  }
`);

export function ProfileCard() {
  const { data, error } = useQuery(ProfileQuery);
  const me = data?.me;
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      {error && !me && <p className="notice notice-error">{describeError(error, 'other')}</p>}
      {!me && !error && <div className="skeleton" aria-hidden="true" />}
      {me && (
        <dl className="details" data-testid="profile">
          <div>
            <dt>Name</dt>
            <dd>{me.name ?? <span className="muted">Not set</span>}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd data-testid="me-email">{me.email}</dd>
          </div>
          <div>
            <dt>Member since</dt>
            <dd>{formatDate(me.createdAt)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
