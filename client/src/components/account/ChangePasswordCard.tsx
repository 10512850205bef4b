'use client';

import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { graphql } from '../../__generated__';
import { useAuthSession } from '../../auth/AuthProvider';
import { describeError } from '../../auth/errorCodes';
import { Field } from '../Field';
import { FormError, FormNotice } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export function ChangePasswordCard() {
  const session = useAuthSession();
  // The server ends every other session on a password change; the list must show that.
  const [changePassword, { loading }] = useMutation(ChangePasswordMutation, { refetchQueries: ['Sessions'] });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    setDone(false);
    try {
      const { data } = await changePassword({
        variables: {
          input: { currentPassword: String(form.get('currentPassword')), newPassword: String(form.get('newPassword')) },
        },
      });
      if (data) session.signIn(data.changePassword);
      formElement.reset();
      setDone(true);
    } catch (caught) {
      setError(describeError(caught, 'changePassword'));
    }
  }

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <p className="muted">Changing your password signs out every other device.</p>
      <form className="form form-narrow" onSubmit={onSubmit}>
        <FormError message={error} />
        <FormNotice message={done ? 'Password changed. Your other devices have been signed out.' : null} />
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
        />
        <Field
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
          hint="At least 8 characters."
        />
        <SubmitButton pending={loading} pendingLabel="Changing password…">
          Change password
        </SubmitButton>
      </form>
    </section>
  );
}
