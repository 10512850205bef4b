import { useQuery } from '@apollo/client/react';
import { graphql } from '../../__generated__';
import { CardPlaceholder } from './CardPlaceholder';
import { formatDate } from './format';
import { ResendVerification } from './ResendVerification';

/**
 * The signed-in user; the two-factor and passkey cards read it too (`mfaEnabled`, `emailVerified`),
 * from the same request.
 */
export const ProfileQuery = graphql(`
  query Profile {
    me {
      id
      email
      name
      createdAt
      emailVerified
      mfaEnabled
    }
  }
`);

export function ProfileCard() {
  const { data, error } = useQuery(ProfileQuery);
  const me = data?.me;
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <CardPlaceholder loaded={Boolean(me)} error={error} />
      {me && (
        <>
          <dl className="details" data-testid="profile">
            <div>
              <dt>Name</dt>
              <dd>{me.name ?? <span className="muted">Not set</span>}</dd>
            </div>
            <div>
              <dt>Email</dt>
              <dd>
                <span data-testid="me-email">{me.email}</span>{' '}
                <span
                  className={`badge ${me.emailVerified ? 'badge-success' : 'badge-warning'}`}
                  data-testid="email-status"
                >
                  {me.emailVerified ? 'Verified' : 'Not verified'}
                </span>
              </dd>
            </div>
            <div>
              <dt>Member since</dt>
              <dd>{formatDate(me.createdAt)}</dd>
            </div>
          </dl>
          {!me.emailVerified && <ResendVerification />}
        </>
      )}
    </section>
  );
}
