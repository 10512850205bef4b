'use client';

import { useMutation } from '@apollo/client/react';
import Link from 'next/link';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { graphql } from '../__generated__';
import { useAuthSession } from '../auth/AuthProvider';
import { describeError } from '../auth/errorCodes';
import { AuthCard } from './AuthCard';
import { Field } from './Field';
import { FormError } from './FormMessage';
import { SubmitButton } from './SubmitButton';
import { useRedirectWhenSignedIn } from './useRedirectWhenSignedIn';

const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

export function RegisterForm({ next }: { next: string }) {
  const session = useAuthSession();
  const [register] = useMutation(RegisterMutation);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useRedirectWhenSignedIn(next);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    setPending(true);
    setError(null);
    try {
      const { data } = await register({
        variables: {
          input: { email: String(form.get('email')), password: String(form.get('password')), name: name || undefined },
        },
      });
      if (data) session.signIn(data.register);
    } catch (caught) {
      setError(describeError(caught, 'register'));
      setPending(false);
    }
  }

  const loginHref = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
  return (
    <AuthCard
      title="Create your account"
      subtitle="It takes a few seconds. You can sign out of every device at any time."
      footer={
        <>
          Already have an account? <Link href={loginHref}>Sign in</Link>
        </>
      }
    >
      <form className="form" onSubmit={onSubmit}>
        <FormError message={error} />
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
        <SubmitButton pending={pending} pendingLabel="Creating account…">
          Create account
        </SubmitButton>
      </form>
    </AuthCard>
  );
}
