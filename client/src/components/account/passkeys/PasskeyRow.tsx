import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../../__generated__';
import { ErrorCode, describeError, hasErrorCode } from '../../../auth/errorCodes';
import { submitTo, useAction } from '../../useAction';
import { formatDate, timeAgo } from '../format';
import { refetchAfterChange } from './passkeysQuery';
import type { Passkey } from './passkeysQuery';
import { StepUpFields, useStepUp } from './stepUp';

const DeletePasskeyMutation = graphql(`
  mutation DeletePasskey($id: ID!) {
    deletePasskey(id: $id)
  }
`);

/**
 * One passkey and its Remove button. Removing asks for a recent sign-in, as adding does
 * (REAUTHENTICATION_REQUIRED): the row then shows the step-up and sends it before the removal.
 */
export function PasskeyRow({ passkey }: { passkey: Passkey }) {
  const [deletePasskey] = useMutation(DeletePasskeyMutation, { variables: { id: passkey.id }, ...refetchAfterChange });
  const stepUp = useStepUp();
  const [error, setError] = useState<string | null>(null);
  const remove = useAction('other', async (formElement?: HTMLFormElement) => {
    setError(null);
    if (stepUp.needed && formElement) {
      const refused = await stepUp.confirm(new FormData(formElement));
      if (refused) return setError(refused);
    }
    try {
      await deletePasskey();
    } catch (caught) {
      if (!hasErrorCode(caught, ErrorCode.REAUTHENTICATION_REQUIRED)) return setError(describeError(caught, 'other'));
      stepUp.require();
      setError('For your security, confirm it is you to remove this passkey.');
    }
  });
  const label = passkey.name ?? 'Passkey';
  const shown = error ?? remove.error;

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
        {shown && (
          <p className="field-error" role="alert">
            {shown}
          </p>
        )}
        {stepUp.needed && (
          <form className="form form-narrow" onSubmit={submitTo(remove.run)}>
            <StepUpFields withCode={stepUp.withCode} />
            <button type="submit" className="button button-secondary button-small" disabled={remove.pending}>
              {remove.pending ? 'Removing…' : `Confirm and remove ${label}`}
            </button>
          </form>
        )}
      </div>
      {!stepUp.needed && (
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => remove.run()}
          disabled={remove.pending}
          aria-label={`Remove ${label}`}
        >
          {remove.pending ? 'Removing…' : 'Remove'}
        </button>
      )}
    </li>
  );
}
