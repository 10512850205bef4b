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
 * (5 minutes, or 5 wrong codes): back to the password.
 */
export function MfaCodeForm({ next, onExpired, onBack }: { next: string; onExpired(): void; onBack(): void }) {
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
