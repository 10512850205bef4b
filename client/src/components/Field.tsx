import type { InputHTMLAttributes } from 'react';

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; hint?: string };

export function Field({ label, name, hint, ...input }: FieldProps) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** The API's minimum (server/src/auth/credentials.ts), told before the form is sent. */
const PASSWORD_MIN_CHARS = 8;

/** A field for choosing a password: register, change password, reset password. */
export function NewPasswordField({ label, name, autoFocus }: { label: string; name: string; autoFocus?: boolean }) {
  return (
    <Field
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      minLength={PASSWORD_MIN_CHARS}
      required
      autoFocus={autoFocus}
      hint={`At least ${PASSWORD_MIN_CHARS} characters.`}
    />
  );
}

/** A TOTP code or a recovery code: the sign-in's second step, and the two-factor changes. */
export function AuthenticationCodeField({
  name,
  hint,
  autoFocus,
}: {
  name: string;
  hint?: string;
  autoFocus?: boolean;
}) {
  return (
    <Field
      label="Authentication code"
      name={name}
      type="text"
      autoComplete="one-time-code"
      autoCapitalize="characters"
      spellCheck={false}
      // A recovery code is 28 characters, 34 with its dashes; the API takes up to 64.
      maxLength={64}
      required
      autoFocus={autoFocus}
      hint={hint}
    />
  );
}
