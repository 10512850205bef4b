import Link from 'next/link';
import { useState } from 'react';
import { graphql } from '../../__generated__';
import { useAuthState } from '../../apollo/AuthProvider';
import { ErrorCode, SESSION_ENDED_MESSAGE, hasErrorCode } from '../../auth/errorCodes';
import { Field } from '../Field';
import { useSignInMutation } from '../useSignInMutation';
import { AuthForm } from './AuthForm';
import { PasskeySignIn } from './PasskeySignIn';

const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

/** The sign-in's first step: email and password, or a passkey instead. */
export function PasswordForm({
  next,
  notice,
  email,
  onMfaRequired,
}: {
  next: string;
  notice: string | null;
  /** The address to start with: the one typed before the code step, when coming back from it. */
  email: string;
  onMfaRequired(email: string): void;
}) {
  const state = useAuthState();
  const login = useSignInMutation(LoginMutation, 'login');
  // Too many wrong codes after this password: only a reset (or a passkey) signs in now.
  const [resetRequired, setResetRequired] = useState(false);

  async function request(form: FormData) {
    const address = String(form.get('email'));
    try {
      await login({ input: { email: address, password: String(form.get('password')) } });
    } catch (error) {
      // The password was right; the account asks for its second factor.
      if (hasErrorCode(error, ErrorCode.MFA_REQUIRED)) return onMfaRequired(address);
      setResetRequired(hasErrorCode(error, ErrorCode.PASSWORD_RESET_REQUIRED));
      throw error;
    }
  }

  const expired = state.status === 'signedOut' && state.reason === 'expired';
  return (
    <AuthForm
      next={next}
      action="login"
      request={request}
      title="Sign in"
      subtitle="Welcome back. Sign in to manage your account."
      other={{ prompt: 'New here?', label: 'Create an account', path: '/register' }}
      notice={notice ?? (expired ? SESSION_ENDED_MESSAGE : null)}
      submitLabel="Sign in"
      pendingLabel="Signing in…"
      after={<PasskeySignIn />}
    >
      <Field
        label="Email"
        name="email"
        type="email"
        // `webauthn` last: the browser offers this site's passkeys in the field's autofill.
        autoComplete="email webauthn"
        defaultValue={email}
        required
        autoFocus={!email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus={Boolean(email)}
      />
      <p className="form-link">
        <Link href="/forgot-password">{resetRequired ? 'Reset your password' : 'Forgot password?'}</Link>
      </p>
    </AuthForm>
  );
}
