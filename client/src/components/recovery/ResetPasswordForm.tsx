'use client';

import { useMutation } from '@apollo/client/react';
import Link from 'next/link';
import { graphql } from '../../__generated__';
import { useAuthSession } from '../../apollo/AuthProvider';
import { AuthCard } from '../AuthCard';
import { FieldRefusal, NewPasswordField } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';
import { placeError, submitTo } from '../useAction';
import { useSpendLinkToken } from './useSpendLinkToken';

const ResetPasswordMutation = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`);

const SIGN_IN = { prompt: 'Remembered it?', label: 'Sign in', href: '/login' };

/**
 * `/reset-password?token=…`: opening it only shows the form (mail scanners open links); the
 * button spends the token. A refused password keeps it usable, so the form stays.
 */
export function ResetPasswordForm() {
  const session = useAuthSession();
  const [resetPassword] = useMutation(ResetPasswordMutation);
  const { token, outcome, pending, run, ...action } = useSpendLinkToken(
    async (linkToken, formElement: HTMLFormElement) => {
      const newPassword = String(new FormData(formElement).get('newPassword'));
      await resetPassword({ variables: { input: { token: linkToken, newPassword } } });
      // The API ended every session of the account. If this browser was signed in to it, that
      // session is over: a refresh finds out, here and in the other tabs. (Another account's stays.)
      if (session.getState().status === 'signedIn') await session.refresh().catch(() => null);
    },
  );

  const error = placeError(action, 'newPassword');

  if (outcome === 'spent') {
    return (
      <AuthCard title="Password changed" subtitle="Every device that was signed in to your account is signed out.">
        <div className="form">
          <FormMessage tone="info" message="Your password was changed. Sign in with your new password." />
          <Link href="/login" className="button button-primary">
            Sign in
          </Link>
        </div>
      </AuthCard>
    );
  }
  if (outcome === 'invalid' || token === null) {
    return (
      <AuthCard
        title="Reset your password"
        subtitle="A reset link works once, for a limited time, and only the newest one you asked for."
      >
        <div className="form">
          <FormMessage
            tone="error"
            message={
              token === null
                ? 'This link is incomplete. Open the link from the email again, or ask for a new one.'
                : 'This link is no longer valid. Ask for a new one.'
            }
          />
          <Link href="/forgot-password" className="button button-primary">
            Get a new link
          </Link>
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard
      title="Choose a new password"
      subtitle="Your new password replaces the old one and signs out every device."
      other={SIGN_IN}
    >
      <form className="form" onSubmit={submitTo(run)}>
        <FormMessage tone="error" message={error.aboveForm} />
        {/* The account is not known until the token is spent: the meter has no email or name to use. */}
        <FieldRefusal value={error.besideField}>
          <NewPasswordField label="New password" name="newPassword" autoFocus />
        </FieldRefusal>
        {/* Until the page's script has read the token there is nothing to send (nor a handler to send it). */}
        <SubmitButton pending={pending} disabled={token === undefined} pendingLabel="Changing password…">
          Change password
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
