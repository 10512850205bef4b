'use client';

import { graphql } from '../../__generated__';
import { Field, NewPasswordField } from '../Field';
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
    >
      <Field label="Name" name="name" type="text" autoComplete="name" maxLength={100} hint="Optional." autoFocus />
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <NewPasswordField label="Password" name="password" />
    </AuthForm>
  );
}
