import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../__generated__';
import { useAction } from '../../useAction';
import { formatDate, timeAgo } from '../format';
import { refetchAfterChange } from './passkeysQuery';
import type { Passkey } from './passkeysQuery';

const DeletePasskeyMutation = graphql(`
  mutation DeletePasskey($id: ID!) {
    deletePasskey(id: $id)
  }
`);

export function PasskeyRow({ passkey }: { passkey: Passkey }) {
  const [deletePasskey] = useMutation(DeletePasskeyMutation, { variables: { id: passkey.id }, ...refetchAfterChange });
  const remove = useAction('other', async () => {
    await deletePasskey();
  });
  const label = passkey.name ?? 'Passkey';

  return (
    <li className="session" data-testid="passkey">
      <span className="session-icon" aria-hidden="true" />
      <div className="session-body">
        <p className="session-device">{label}</p>
        <p className="session-meta">
          <span>Added {formatDate(passkey.createdAt)}</span>
          <span aria-hidden="true">·</span>
          <span>{passkey.lastUsedAt ? `Last used ${timeAgo(passkey.lastUsedAt)}` : 'Not used yet'}</span>
        </p>
        {remove.error && (
          <p className="field-error" role="alert">
            {remove.error}
          </p>
        )}
      </div>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => remove.run()}
        disabled={remove.pending}
        aria-label={`Remove ${label}`}
      >
        {remove.pending ? 'Removing…' : 'Remove'}
      </button>
    </li>
  );
}
