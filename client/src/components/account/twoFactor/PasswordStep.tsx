import type { ReactNode } from 'react';
import { AuthenticationCodeField, Field } from '../../Field';
import { FormMessage } from '../../FormMessage';
import { SubmitButton } from '../../SubmitButton';
import { submitTo, useAction } from '../../useAction';

export function CancelButton({ onCancel }: { onCancel(): void }) {
  return (
    <button type="button" className="button button-ghost" onClick={onCancel}>
      Cancel
    </button>
  );
}

export function CodeField({ hint }: { hint?: string }) {
  return <AuthenticationCodeField name="mfaCode" hint={hint} />;
}

/**
 * A change that asks for the password first (set up, turn off, new recovery codes): what it
 * does, the password and any other field, then go or cancel. A wrong password is told as such
 * (`confirmPassword`).
 */
export function PasswordStep({
  intro,
  submitLabel,
  pendingLabel,
  onSubmit,
  onCancel,
  children,
}: {
  intro: string;
  submitLabel: string;
  pendingLabel: string;
  /** Given the password, and the form for any other field. */
  onSubmit(password: string, form: FormData): Promise<void>;
  onCancel(): void;
  children?: ReactNode;
}) {
  const { pending, error, run } = useAction('confirmPassword', async (formElement: HTMLFormElement) => {
    const form = new FormData(formElement);
    await onSubmit(String(form.get('mfaPassword')), form);
  });

  return (
    <form className="form form-narrow mfa-body" onSubmit={submitTo(run)}>
      <p>{intro}</p>
      <FormMessage tone="error" message={error} />
      <Field label="Password" name="mfaPassword" type="password" autoComplete="current-password" required />
      {children}
      <div className="button-row">
        <SubmitButton pending={pending} pendingLabel={pendingLabel}>
          {submitLabel}
        </SubmitButton>
        <CancelButton onCancel={onCancel} />
      </div>
    </form>
  );
}
