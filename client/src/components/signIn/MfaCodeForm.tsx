import Link from 'next/link';
import { useState } from 'react';
import { graphql } from '../../__generated__';
import { ErrorCode, hasErrorCode } from '../../auth/errorCodes';
import { AuthenticationCodeField } from '../Field';
import { useSignInMutation } from '../useSignInMutation';
import { AuthForm } from './AuthForm';

const VerifyMfaMutation = graphql(`
  mutation VerifyMfa($input: MfaCodeInput!) {
    verifyMfa(input: $input) {
      ...AuthPayloadFields
    }
  }
`);

/**
 * The sign-in's second step: a 6-digit code from the authenticator app or a recovery code,
 * which signs in exactly as `login` would. UNAUTHENTICATED means the pending sign-in is void
 * (5 minutes, or 5 wrong codes): back to the password. PASSWORD_RESET_REQUIRED (too many wrong
 * codes in a row) offers the reset.
 */
export function MfaCodeForm({ next, onExpired, onBack }: { next: string; onExpired(): void; onBack(): void }) {
  const verify = useSignInMutation(VerifyMfaMutation, 'verifyMfa');
  const [resetRequired, setResetRequired] = useState(false);

  async function request(form: FormData) {
    try {
      await verify({ input: { code: String(form.get('code')).trim() } });
    } catch (error) {
      if (hasErrorCode(error, ErrorCode.UNAUTHENTICATED)) return onExpired();
      setResetRequired(hasErrorCode(error, ErrorCode.PASSWORD_RESET_REQUIRED));
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
        <>
          {resetRequired && (
            <p className="form-link">
              <Link href="/forgot-password">Reset your password</Link>
            </p>
          )}
          <button type="button" className="button button-ghost" onClick={onBack}>
            Back to sign in
          </button>
        </>
      }
    >
      <AuthenticationCodeField name="code" autoFocus />
    </AuthForm>
  );
}
