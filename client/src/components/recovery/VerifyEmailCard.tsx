'use client';

import { useApolloClient, useMutation } from '@apollo/client/react';
import Link from 'next/link';
import { graphql } from '../../__generated__';
import { useAuthState } from '../../apollo/AuthProvider';
import { AuthCard } from '../AuthCard';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';
import { submitTo } from '../useAction';
import { useSpendLinkToken } from './useSpendLinkToken';

const VerifyEmailMutation = graphql(`
  mutation VerifyEmail($input: VerifyEmailInput!) {
    verifyEmail(input: $input)
  }
`);

/**
 * `/verify-email?token=…`: opening it only shows the button (mail scanners open links); the
 * button verifies. `verifyEmail` is idempotent, so pressing it again is fine.
 */
export function VerifyEmailCard() {
  const signedIn = useAuthState().status === 'signedIn';
  const client = useApolloClient();
  const [verifyEmail] = useMutation(VerifyEmailMutation);
  const { token, outcome, pending, error, run } = useSpendLinkToken(async (linkToken) => {
    await verifyEmail({ variables: { input: { token: linkToken } } });
    // A `me` held from the account page says "not verified": fetch it again when next shown.
    client.cache.evict({ id: 'ROOT_QUERY', fieldName: 'me' });
    client.cache.gc();
  });

  const account = signedIn ? (
    <Link href="/" className="button button-primary">
      Go to your account
    </Link>
  ) : (
    <Link href="/login" className="button button-primary">
      Sign in
    </Link>
  );

  if (outcome === 'spent') {
    return (
      <AuthCard title="Email verified" subtitle="Thank you: this address is confirmed as yours.">
        <div className="form">{account}</div>
      </AuthCard>
    );
  }
  if (outcome === 'invalid' || token === null) {
    return (
      <AuthCard title="Confirm your email address" subtitle="Confirmation links work for a limited time.">
        <div className="form">
          <FormMessage
            tone="error"
            message={token === null ? 'This link is incomplete.' : 'This link is no longer valid.'}
          />
          <p className="muted">
            For a new one, {signedIn ? 'press' : 'sign in and press'} “Resend verification email” on your account page.
          </p>
          {account}
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Confirm your email address"
      subtitle="Press the button to confirm that this address belongs to your account."
    >
      <form className="form" onSubmit={submitTo(() => run())}>
        <FormMessage tone="error" message={error} />
        <SubmitButton pending={pending} disabled={token === undefined} pendingLabel="Confirming…">
          Confirm email address
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
