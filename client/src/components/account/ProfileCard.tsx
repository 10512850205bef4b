import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../__generated__';
import { FormMessage } from '../FormMessage';
import { useAction } from '../useAction';
import { CardPlaceholder } from './CardPlaceholder';
import { formatDate } from './format';

/** The signed-in user; the two-factor card reads it too (`mfaEnabled`), from the same request. */
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

const SendVerificationEmailMutation = graphql(`
  mutation SendVerificationEmail {
    sendVerificationEmail
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

/** While the address is unverified: the link we mailed at sign-up, once more. */
function ResendVerification() {
  const [sendVerificationEmail] = useMutation(SendVerificationEmailMutation);
  const [sent, setSent] = useState(false);
  const resend = useAction('other', async () => {
    setSent(false);
    await sendVerificationEmail();
    setSent(true);
  });

  return (
    <div className="verification">
      <div className="card-row">
        <p className="muted">Confirm your email address with the link we sent you. Nothing arrived?</p>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => resend.run()}
          disabled={resend.pending}
          aria-busy={resend.pending}
        >
          {resend.pending ? 'Sending…' : 'Resend verification email'}
        </button>
      </div>
      <FormMessage tone="error" message={resend.error} />
      <FormMessage tone="info" message={sent ? 'Sent. Check your inbox for the new link.' : null} />
    </div>
  );
}
