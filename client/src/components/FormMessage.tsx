const ROLES = { error: 'alert', info: 'status' } as const;

/** A sentence above a form: an error is announced at once (`alert`), a notice politely (`status`). */
export function FormMessage({ tone, message }: { tone: keyof typeof ROLES; message: string | null }) {
  if (!message) return null;
  return (
    <p className={`notice notice-${tone}`} role={ROLES[tone]}>
      {message}
    </p>
  );
}
