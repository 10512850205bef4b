'use client';

import type { ReactNode } from 'react';
import type { Action } from '../../auth/errorCodes';
import { withNext } from '../../auth/nextPath';
import { AuthCard } from '../AuthCard';
import { FieldRefusal } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';
import { placeError, submitTo, useAction } from '../useAction';
import { useRedirectWhenSignedIn } from '../useRedirectWhenSignedIn';

interface AuthFormProps {
  /** Where to go once signed in: a path on this origin (see `safeNextPath`). */
  next: string;
  /** How a refusal is worded (`describeError`): sign-in and its second step word UNAUTHENTICATED their own way. */
  action: Action;
  /**
   * Sends the form: a sign-in mutation (`useSignInMutation`), which starts the session, or
   * resolves without one when the form gives way to another step (login's MFA_REQUIRED).
   */
  request(form: FormData): Promise<void>;
  title: string;
  subtitle: string;
  /** The link to the other form below the card, for example "New here? Create an account". */
  other?: { prompt: string; label: string; path: string };
  /** Shown above the fields until an error takes its place. */
  notice?: string | null;
  submitLabel: string;
  pendingLabel: string;
  /** The fields. */
  children: ReactNode;
  /** The field that shows the API's refusal of it beside itself (`FieldRefusal`): the new password. */
  refusedBeside?: string | null;
  /** Below the submit button, inside the form: for example a way back to the previous step. */
  after?: ReactNode;
}

/**
 * The sign-in and sign-up forms, in the shared card (`AuthCard`). Once `request` has started the session, the
 * page leaves for `next`; the button stays busy until it has.
 */
export function AuthForm({ next, action, request, notice = null, refusedBeside = null, ...card }: AuthFormProps) {
  useRedirectWhenSignedIn(next);
  const signIn = useAction(action, (form: HTMLFormElement) => request(new FormData(form)), {
    pendingAfterSuccess: true,
  });
  const error = placeError(signIn, refusedBeside);

  return (
    <AuthCard
      title={card.title}
      subtitle={card.subtitle}
      other={card.other && { ...card.other, href: withNext(card.other.path, next) }}
    >
      <form className="form" onSubmit={submitTo(signIn.run)}>
        <FormMessage tone="info" message={signIn.error ? null : notice} />
        <FormMessage tone="error" message={error.aboveForm} />
        <FieldRefusal value={error.besideField}>{card.children}</FieldRefusal>
        <SubmitButton pending={signIn.pending} pendingLabel={card.pendingLabel}>
          {card.submitLabel}
        </SubmitButton>
        {card.after}
      </form>
    </AuthCard>
  );
}
