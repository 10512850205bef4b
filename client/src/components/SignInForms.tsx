'use client';

/** The two sign-in forms, each the shared card (`AuthForm`) around its own fields and operation. */
import Link from 'next/link';
import { graphql } from '../__generated__';
import { useAuthState } from '../auth/AuthProvider';
import { AuthForm } from './AuthForm';
import { Field } from './Field';
import { useSignInMutation } from './useSignInMutation';

const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export function LoginForm({ next }: { next: string }) {
  const state = useAuthState();
  const login = useSignInMutation(LoginMutation, 'login');

  const expired = state.status === 'signedOut' && state.reason === 'expired';
  return (
    <AuthForm
      next={next}
      action="login"
      request={(form) => login({ email: String(form.get('email')), password: String(form.get('password')) })}
      title="Sign in"
      subtitle="Welcome back. Sign in to manage your account."
      other={{ prompt: 'New here?', label: 'Create an account', path: '/register' }}
      notice={expired ? 'Your session has ended. Please sign in again.' : null}
      submitLabel="Sign in"
      pendingLabel="Signing in…"
    >
      <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <p className="form-link">
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
    </AuthForm>
  );
}

export function RegisterForm({ next }: { next: string }) {
  const register = useSignInMutation(RegisterMutation, 'register');

  function request(form: FormData) {
    const name = String(form.get('name') ?? '').trim();
    return register({
      email: String(form.get('email')),
      password: String(form.get('password')),
      name: name || undefined,
    });
  }

  return (
    <AuthForm
      next={next}
      action="register"
      request={request}
      title="Create your account"
      subtitle="It takes a few seconds. You can sign out of every device at any time."
      other={{ prompt: 'Already have an account?', label: 'Sign in', path: '/login' }}
      submitLabel="Create account"
      pendingLabel="Creating account…"
    >
      <Field label="Name" name="name" type="text" autoComplete="name" maxLength={100} hint="Optional." autoFocus />
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={8}
        required
        hint="At least 8 characters."
      />
    </AuthForm>
  );
}
