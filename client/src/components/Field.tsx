import { createContext, useContext, useMemo, useState } from 'react';
import type { InputHTMLAttributes, ReactNode } from 'react';
import { PasswordStrength, strengthIds } from './password/PasswordStrength';
import { useEstimator } from './password/useEstimator';

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  hint?: string;
  /** The API's refusal of this field, shown under it and announced at once. */
  error?: string | null;
  /** More ids for the input's `aria-describedby`: what `children` shows about it. */
  describedBy?: string[];
  /** Shown under the hint: for example the password strength meter. */
  children?: ReactNode;
};

export function Field({ label, name, hint, error, describedBy = [], children, ...input }: FieldProps) {
  const id = `field-${name}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`, ...describedBy].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-describedby={described || undefined}
        aria-invalid={error ? true : undefined}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The API's refusal of one input field (`extensions.field`), for the form's field of that name to show
 * beside itself instead of above the form: a new password refused as too common, for example.
 */
export const FieldRefusal = createContext<{ field: string; message: string } | null>(null);

/** The API's minimum (server/src/auth/credentials.ts), told before the form is sent. */
const PASSWORD_MIN_CHARS = 8;

/**
 * A field for choosing a password: register, change password, reset password. Under it, the strength
 * meter (zxcvbn-ts, with `userInputs`: the account's email and name, see `personalInputs`), whose
 * dictionaries load when the field is first focused; and the API's refusal (FieldRefusal).
 */
export function NewPasswordField({
  label,
  name,
  autoFocus,
  userInputs = NO_INPUTS,
}: {
  label: string;
  name: string;
  autoFocus?: boolean;
  userInputs?: string[];
}) {
  const [password, setPassword] = useState('');
  const { estimate, load } = useEstimator();
  const refusal = useContext(FieldRefusal);
  const id = `field-${name}`;
  const ids = strengthIds(id);
  // Stable while the inputs' text is, so the meter recomputes only when the password or an input changes.
  const inputsKey = userInputs.join('\n');
  const inputs = useMemo(() => (inputsKey ? inputsKey.split('\n') : NO_INPUTS), [inputsKey]);
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
      onFocus={load}
      onChange={(event) => {
        load(); // in case the field had focus before the page's script ran (autoFocus, a fast typist)
        setPassword(event.currentTarget.value);
      }}
      error={refusal?.field === name ? refusal.message : null}
      describedBy={[ids.label, ids.advice]}
    >
      <PasswordStrength fieldId={id} password={password} userInputs={inputs} estimate={estimate} />
    </Field>
  );
}

const NO_INPUTS: string[] = [];

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
