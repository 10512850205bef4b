'use client';

import { useMutation } from '@apollo/client/react';
import Link from 'next/link';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { graphql } from '../__generated__';
import { useAuthSession, useAuthState } from '../auth/AuthProvider';
import { describeError } from '../auth/errorCodes';
import { AuthCard } from './AuthCard';
import { Field } from './Field';
import { FormError, FormNotice } from './FormMessage';
import { SubmitButton } from './SubmitButton';
import { useRedirectWhenSignedIn } from './useRedirectWhenSignedIn';

const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export function LoginForm({ next }: { next: string }) {
  const session = useAuthSession();
  const state = useAuthState();
  const [login] = useMutation(LoginMutation);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useRedirectWhenSignedIn(next);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const { data } = await login({
        variables: { input: { email: String(form.get('email')), password: String(form.get('password')) } },
      });
      if (data) session.signIn(data.login);
    } catch (caught) {
      setError(describeError(caught, 'login'));
      setPending(false);
    }
  }

  const expired = state.status === 'signedOut' && state.reason === 'expired';
  const registerHref = next === '/' ? '/register' : `/register?next=${encodeURIComponent(next)}`;
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back. Sign in to manage your account."
      footer={
        <>
          New here? <Link href={registerHref}>Create an account</Link>
        </>
      }
    >
      <form className="form" onSubmit={onSubmit}>
        <FormNotice message={expired && !error ? 'Your session has ended. Please sign in again.' : null} />
        <FormError message={error} />
        <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <SubmitButton pending={pending} pendingLabel="Signing in…">
          Sign in
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
