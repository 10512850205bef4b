'use client';

import { useState } from 'react';
import { graphql } from '../../__generated__';
import { Field, NewPasswordField } from '../Field';
import { personalInputs } from '../password/strength';
import { useSignInMutation } from '../useSignInMutation';
import { AuthForm } from './AuthForm';

const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

/** Sign-up: a name (optional), the email and a new password; the account is signed in at once. */
export function RegisterForm({ next }: { next: string }) {
  const register = useSignInMutation(RegisterMutation, 'register');
  // What the person typed above the password, for its strength meter.
  const [person, setPerson] = useState({ email: '', name: '' });

  function request(form: FormData) {
    const name = String(form.get('name') ?? '').trim();
    return register({
      input: {
        email: String(form.get('email')),
        password: String(form.get('password')),
        name: name || undefined,
      },
    });
  }

  return (
    <AuthForm
      next={next}
      action="other"
      request={request}
      title="Create your account"
      subtitle="It takes a few seconds. You can sign out of every device at any time."
      other={{ prompt: 'Already have an account?', label: 'Sign in', path: '/login' }}
      submitLabel="Create account"
      pendingLabel="Creating account…"
      refusedBeside="password"
    >
      <Field
        label="Name"
        name="name"
        type="text"
        autoComplete="name"
        maxLength={100}
        hint="Optional."
        autoFocus
        onChange={({ currentTarget: { value } }) => setPerson((typed) => ({ ...typed, name: value }))}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        onChange={({ currentTarget: { value } }) => setPerson((typed) => ({ ...typed, email: value }))}
      />
      <NewPasswordField label="Password" name="password" userInputs={personalInputs(person)} />
    </AuthForm>
  );
}
