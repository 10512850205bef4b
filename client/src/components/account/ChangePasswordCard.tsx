import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../__generated__';
import { Field, FieldRefusal, NewPasswordField } from '../Field';
import { FormMessage } from '../FormMessage';
import { personalInputs } from '../password/strength';
import { SubmitButton } from '../SubmitButton';
import { placeError, submitTo, useAction } from '../useAction';
import { useSignInMutation } from '../useSignInMutation';
import { ProfileQuery } from './ProfileCard';

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
  // The account's email and name, for the strength meter: the Profile card's query, from the same request.
  const me = useQuery(ProfileQuery).data?.me;
  // A new form after a change: its fields, and the meter that follows the new password, start empty.
  const [formKey, setFormKey] = useState(0);
  const change = useAction('other', async (formElement: HTMLFormElement) => {
    setDone(false);
    const form = new FormData(formElement);
    await changePassword({
      input: {
        currentPassword: String(form.get('currentPassword')),
        newPassword: String(form.get('newPassword')),
      },
    });
    setFormKey((key) => key + 1);
    setDone(true);
  });
  const error = placeError(change, 'newPassword');

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <p className="muted">Changing your password signs out every other device.</p>
      <form key={formKey} className="form form-narrow" onSubmit={submitTo(change.run)}>
        <FormMessage tone="error" message={error.aboveForm} />
        <FormMessage tone="info" message={done ? 'Password changed. Your other devices have been signed out.' : null} />
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
        />
        <FieldRefusal value={error.besideField}>
          <NewPasswordField
            label="New password"
            name="newPassword"
            userInputs={me ? personalInputs({ email: me.email, name: me.name }) : undefined}
          />
        </FieldRefusal>
        <SubmitButton pending={change.pending} pendingLabel="Changing password…">
          Change password
        </SubmitButton>
      </form>
    </section>
  );
}
