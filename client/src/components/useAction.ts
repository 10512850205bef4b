'use client';

import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeError, refusedField } from '../auth/errorCodes';
import type { Action } from '../auth/errorCodes';

export interface ActionState<Args extends unknown[]> {
  pending: boolean;
  /** The sentence to show for the last failure; cleared when the action runs again. */
  error: string | null;
  /** The input field `error` is about, when the API named one (BAD_USER_INPUT's `extensions.field`). */
  errorField: string | null;
  /** Starts the action. A failure becomes `error`, so there is nothing to await or catch. */
  run(...args: Args): void;
}

/**
 * A button's or form's operation: pending while `task` runs, and what went wrong when it fails.
 * `pendingAfterSuccess` suits a task that navigates away: the button stays busy until it has.
 */
export function useAction<Args extends unknown[]>(
  action: Action,
  task: (...args: Args) => Promise<void>,
  { pendingAfterSuccess = false } = {},
): ActionState<Args> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);

  async function execute(args: Args) {
    setPending(true);
    setError(null);
    try {
      await task(...args);
      if (!pendingAfterSuccess) setPending(false);
    } catch (caught) {
      setError({ message: describeError(caught, action), field: refusedField(caught) });
      setPending(false);
    }
  }

  return {
    pending,
    error: error?.message ?? null,
    errorField: error?.field ?? null,
    run: (...args) => void execute(args),
  };
}

/**
 * The action's error where it belongs: beside `field` when the API refused that field (the form
 * provides it to the field through `FieldRefusal`), otherwise above the form.
 */
export function placeError(
  { error, errorField }: Pick<ActionState<never>, 'error' | 'errorField'>,
  field: string | null,
) {
  const beside = error !== null && field !== null && errorField === field;
  return { aboveForm: beside ? null : error, besideField: beside ? { field, message: error } : null };
}

/** A form's `onSubmit`: hands the form to `run` instead of letting the browser submit it. */
export function submitTo(run: (form: HTMLFormElement) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(event.currentTarget);
  };
}
