'use client';

/** The two sign-in forms, each the shared card (`AuthForm`) around its own fields and operation. */
import Link from 'next/link';
import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { graphql } from '../__generated__';
import { useAuthState } from '../apollo/AuthProvider';
import { ErrorCode, MFA_EXPIRED_MESSAGE, SESSION_ENDED_MESSAGE, hasErrorCode } from '../auth/errorCodes';
import { AuthForm } from './AuthForm';
import { AuthenticationCodeField, Field, NewPasswordField } from './Field';
import { FormMessage } from './FormMessage';
import {
  WebAuthnAbortService,
  browserSupportsWebAuthnAutofill,
  describePasskeyError,
  startAuthentication,
} from './passkeys';
import type { PublicKeyCredentialRequestOptionsJSON } from './passkeys';
import { useAction } from './useAction';
import { useSignInMutation } from './useSignInMutation';

const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

const VerifyMfaMutation = graphql(`
  mutation VerifyMfa($input: MfaCodeInput!) {
    verifyMfa(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

const StartPasskeyLoginMutation = graphql(`
  mutation StartPasskeyLogin {
    startPasskeyLogin
  }
`);

const FinishPasskeyLoginMutation = graphql(`
  mutation FinishPasskeyLogin($response: JSON!) {
    finishPasskeyLogin(response: $response) {
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

/**
 * Sign-in: the password, then for an account with two-factor authentication (login answers
 * MFA_REQUIRED and the API keeps the pending sign-in in an HttpOnly cookie) a code step.
 */
export function LoginForm({ next }: { next: string }) {
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [notice, setNotice] = useState<string | null>(null);
  // Kept for the way back from the code step, so only the password is typed again.
  const [email, setEmail] = useState('');

  if (step === 'code') {
    return (
      <MfaCodeForm
        next={next}
        onExpired={() => {
          setNotice(MFA_EXPIRED_MESSAGE);
          setStep('password');
        }}
        onBack={() => {
          setNotice(null);
          setStep('password');
        }}
      />
    );
  }
  return (
    <PasswordForm
      next={next}
      notice={notice}
      email={email}
      onMfaRequired={(address) => {
        setEmail(address);
        setNotice(null);
        setStep('code');
      }}
    />
  );
}

function PasswordForm({
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

  async function request(form: FormData) {
    const address = String(form.get('email'));
    try {
      await login({ input: { email: address, password: String(form.get('password')) } });
    } catch (error) {
      // The password was right; the account asks for its second factor.
      if (hasErrorCode(error, ErrorCode.MFA_REQUIRED)) return onMfaRequired(address);
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
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
    </AuthForm>
  );
}

/**
 * "Sign in with a passkey": the API's options for any passkey of this site (discoverable
 * credentials, so no email first), the browser's prompt, then a full sign-in, two-factor
 * included. The page then leaves for `next` as after a password sign-in (`AuthForm`).
 * Where the browser supports it, the same ceremony also waits in the email field's autofill
 * (conditional mediation): choosing a passkey there signs in without the button.
 */
function PasskeySignIn() {
  const [start] = useMutation(StartPasskeyLoginMutation);
  const finish = useSignInMutation(FinishPasskeyLoginMutation, 'finishPasskeyLogin');
  const [error, setError] = useState<string | null>(null);
  // The effect below runs once; it reads the mutations through this ref.
  const latest = useRef({ start, finish });
  useEffect(() => {
    latest.current = { start, finish };
  });
  // Each start sets the challenge cookie: the button waits for the autofill's start, so that the
  // cookie it finishes with is its own.
  const autofillStarted = useRef<Promise<unknown>>(Promise.resolve());

  const begin = async () => {
    const { data } = await latest.current.start();
    return data?.startPasskeyLogin as PublicKeyCredentialRequestOptionsJSON;
  };

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (!(await browserSupportsWebAuthnAutofill()) || cancelled) return;
      const options = begin();
      autofillStarted.current = options.catch(() => undefined);
      // No options (rate limited, offline): the button still works, and says why.
      const optionsJSON = await options.catch(() => null);
      if (!optionsJSON || cancelled) return;
      const response = await startAuthentication({ optionsJSON, useBrowserAutofill: true }).catch(() => null);
      if (!response || cancelled) return; // aborted by the button, by leaving, or nothing chosen
      await latest.current.finish({ response }).catch((caught: unknown) => setError(describePasskeyError(caught)));
    })();
    return () => {
      cancelled = true;
      WebAuthnAbortService.cancelCeremony();
    };
  }, []);

  const signIn = useAction(
    'other',
    async () => {
      setError(null);
      try {
        await autofillStarted.current;
        const optionsJSON = await begin();
        await latest.current.finish({ response: await startAuthentication({ optionsJSON }) });
      } catch (caught) {
        setError(describePasskeyError(caught));
        throw caught;
      }
    },
    { pendingAfterSuccess: true },
  );

  return (
    <div className="passkey-sign-in">
      <div className="divider" role="separator">
        <span>or</span>
      </div>
      <FormMessage tone="error" message={error} />
      <button
        type="button"
        className="button button-secondary button-block"
        onClick={() => signIn.run()}
        disabled={signIn.pending}
      >
        {signIn.pending ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
    </div>
  );
}

/**
 * The sign-in's second step: a 6-digit code from the authenticator app or a recovery code,
 * which signs in exactly as `login` would. UNAUTHENTICATED means the pending sign-in is void
 * (5 minutes, or 5 wrong codes): back to the password.
 */
function MfaCodeForm({ next, onExpired, onBack }: { next: string; onExpired(): void; onBack(): void }) {
  const verify = useSignInMutation(VerifyMfaMutation, 'verifyMfa');

  async function request(form: FormData) {
    try {
      await verify({ input: { code: String(form.get('code')).trim() } });
    } catch (error) {
      if (hasErrorCode(error, ErrorCode.UNAUTHENTICATED)) return onExpired();
      throw error;
    }
  }

  return (
    <AuthForm
      next={next}
      action="verifyMfa"
      request={request}
      title="Two-factor authentication"
      subtitle="Enter the 6-digit code from your authenticator app, or one of your recovery codes."
      submitLabel="Verify"
      pendingLabel="Verifying…"
      after={
        <button type="button" className="button button-ghost" onClick={onBack}>
          Back to sign in
        </button>
      }
    >
      <AuthenticationCodeField name="code" autoFocus />
    </AuthForm>
  );
}

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
