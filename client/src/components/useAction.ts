'use client';

import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeError } from '../auth/errorCodes';
import type { Action } from '../auth/errorCodes';

export interface ActionState<Args extends unknown[]> {
  pending: boolean;
  /** The sentence to show for the last failure; cleared when the action runs again. */
  error: string | null;
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
  const [error, setError] = useState<string | null>(null);

  async function execute(args: Args) {
    setPending(true);
    setError(null);
    try {
      await task(...args);
      if (!pendingAfterSuccess) setPending(false);
    } catch (caught) {
      setError(describeError(caught, action));
      setPending(false);
    }
  }

  return { pending, error, run: (...args) => void execute(args) };
}

/** A form's `onSubmit`: hands the form to `run` instead of letting the browser submit it. */
export function submitTo(run: (form: HTMLFormElement) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(event.currentTarget);
  };
}
