import { useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';

const subscribeToNothing = () => () => undefined;

/**
 * False in the server's HTML and until hydration, true after. A form submitted before its
 * handlers are attached would be sent by the browser itself, as a GET to the page's URL
 * with every field, passwords included, in the query string (into history and access logs).
 */
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
}

/** The form's submit button: disabled until the page is interactive, and while busy. */
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
  const hydrated = useHydrated();
  return (
    <button
      type="submit"
      className="button button-primary"
      disabled={pending || disabled || !hydrated}
      aria-busy={pending}
    >
      {pending && <span className="spinner" aria-hidden="true" />}
      {pending ? pendingLabel : children}
    </button>
  );
}
