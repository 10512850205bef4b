import { Field } from '../../Field';
import { FormMessage } from '../../FormMessage';
import { SubmitButton } from '../../SubmitButton';
import { browserSupportsWebAuthn } from '../../passkeys';
import { submitTo } from '../../useAction';
import { StepUpFields } from './stepUp';
import { useAddPasskey } from './useAddPasskey';

/** The form for a new passkey: an optional name, and the step-up (password, code) when the session is too old. */
export function AddPasskey({ onAdded, onCancel }: { onAdded(): void; onCancel(): void }) {
  const { needsPassword, withCode, pending, error, run } = useAddPasskey(onAdded);

  if (!browserSupportsWebAuthn()) {
    return <p className="notice notice-error">This browser does not support passkeys.</p>;
  }
  return (
    <form className="form form-narrow" onSubmit={submitTo(run)}>
      <FormMessage tone="error" message={error} />
      <Field
        label="Passkey name (optional)"
        name="name"
        type="text"
        maxLength={100}
        placeholder="For example: Laptop"
      />
      {needsPassword && <StepUpFields withCode={withCode} />}
      <div className="card-row">
        <SubmitButton pending={pending} pendingLabel="Waiting for your passkey…">
          {needsPassword ? 'Confirm and add passkey' : 'Create passkey'}
        </SubmitButton>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
