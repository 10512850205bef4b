import type { ReactNode } from 'react';

export function SubmitButton({
  pending,
  pendingLabel,
  disabled = false,
  children,
}: {
  pending: boolean;
  pendingLabel: string;
  /** Not ready yet, without being busy. */
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button type="submit" className="button button-primary" disabled={pending || disabled} aria-busy={pending}>
      {pending && <span className="spinner" aria-hidden="true" />}
      {pending ? pendingLabel : children}
    </button>
  );
}
