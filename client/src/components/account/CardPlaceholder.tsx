import { describeError } from '../../auth/errorCodes';

/** What a card shows until its query has data: why it failed, or a skeleton while it loads. */
export function CardPlaceholder({ loaded, error }: { loaded: boolean; error: unknown }) {
  if (loaded) return null;
  if (error) return <p className="notice notice-error">{describeError(error, 'other')}</p>;
  return <div className="skeleton" aria-hidden="true" />;
}
