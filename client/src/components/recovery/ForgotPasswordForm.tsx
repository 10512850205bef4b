'use client';

import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../__generated__';
import { AuthCard } from '../AuthCard';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';
import { submitTo, useAction } from '../useAction';

const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input)
  }
`);

/** The same sentence for every address: the page must not tell whether an account has it. */
const RESET_REQUESTED = 'If an account exists for that address, we sent a link to reset its password.';

export function ForgotPasswordForm() {
  const [requestPasswordReset] = useMutation(RequestPasswordResetMutation);
  const [sent, setSent] = useState(false);
  const { pending, error, run } = useAction('other', async (formElement: HTMLFormElement) => {
    setSent(false);
    const email = String(new FormData(formElement).get('email'));
    await requestPasswordReset({ variables: { input: { email } } });
    setSent(true);
  });

  return (
    <AuthCard
      title="Reset your password"
      subtitle="Enter the email address of your account and we’ll email you a link to choose a new password."
      other={{ prompt: 'Remembered it?', label: 'Sign in', href: '/login' }}
    >
      <form className="form" onSubmit={submitTo(run)}>
        <FormMessage tone="error" message={error} />
        <FormMessage tone="info" message={sent ? RESET_REQUESTED : null} />
        <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus />
        <SubmitButton pending={pending} pendingLabel="Sending…">
          {sent ? 'Send another link' : 'Send reset link'}
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
