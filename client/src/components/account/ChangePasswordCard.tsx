import { useState } from 'react';
import { graphql } from '../../__generated__';
import { Field, NewPasswordField } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';
import { submitTo, useAction } from '../useAction';
import { useSignInMutation } from '../useSignInMutation';

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export function ChangePasswordCard() {
  // The server ends every other session on a password change; the list must show that.
  const changePassword = useSignInMutation(ChangePasswordMutation, 'changePassword', { refetchQueries: ['Sessions'] });
  const [done, setDone] = useState(false);
  const { pending, error, run } = useAction('other', async (formElement: HTMLFormElement) => {
    setDone(false);
    const form = new FormData(formElement);
    await changePassword({
      input: {
        currentPassword: String(form.get('currentPassword')),
        newPassword: String(form.get('newPassword')),
      },
    });
    formElement.reset();
    setDone(true);
  });

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <p className="muted">Changing your password signs out every other device.</p>
      <form className="form form-narrow" onSubmit={submitTo(run)}>
        <FormMessage tone="error" message={error} />
        <FormMessage tone="info" message={done ? 'Password changed. Your other devices have been signed out.' : null} />
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
        />
        <NewPasswordField label="New password" name="newPassword" />
        <SubmitButton pending={pending} pendingLabel="Changing password…">
          Change password
        </SubmitButton>
      </form>
    </section>
  );
}
