import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../__generated__';
import type { PasskeysQuery as PasskeysResult } from '../../__generated__/graphql';
import { ErrorCode, describeError, hasErrorCode } from '../../auth/errorCodes';
import { Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';
import { browserSupportsWebAuthn, describePasskeyError, startRegistration } from '../passkeys';
import type { PublicKeyCredentialCreationOptionsJSON } from '../passkeys';
import { submitTo, useAction } from '../useAction';
import { CardPlaceholder } from './CardPlaceholder';
import { formatDate, timeAgo } from './format';

export const PasskeysQuery = graphql(`
  query Passkeys {
    passkeys {
      id
      name
      createdAt
      lastUsedAt
    }
  }
`);

const StartPasskeyRegistrationMutation = graphql(`
  mutation StartPasskeyRegistration {
    startPasskeyRegistration
  }
`);

const FinishPasskeyRegistrationMutation = graphql(`
  mutation FinishPasskeyRegistration($response: JSON!, $name: String) {
    finishPasskeyRegistration(response: $response, name: $name) {
      id
    }
  }
`);

const ReauthenticateMutation = graphql(`
  mutation Reauthenticate($input: PasswordInput!) {
    reauthenticate(input: $input)
  }
`);

const DeletePasskeyMutation = graphql(`
  mutation DeletePasskey($id: ID!) {
    deletePasskey(id: $id)
  }
`);

type Passkey = PasskeysResult['passkeys'][number];

export function PasskeysCard() {
  const { data, error } = useQuery(PasskeysQuery);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState(false);
  const passkeys = data?.passkeys;

  return (
    <section className="card" aria-labelledby="passkeys-title">
      <div className="card-heading">
        <h2 id="passkeys-title">Passkeys</h2>
        {passkeys && (
          <span className="count" data-testid="passkey-count">
            {passkeys.length} {passkeys.length === 1 ? 'passkey' : 'passkeys'}
          </span>
        )}
      </div>
      <p className="muted">
        Sign in with your fingerprint, face or screen lock instead of a password. A passkey works only on this site, so
        it can’t be phished.
      </p>
      <CardPlaceholder loaded={Boolean(passkeys)} error={error} />
      <div className="passkeys-body">
        <FormMessage tone="info" message={added && !adding ? 'Passkey added.' : null} />
        {passkeys && passkeys.length > 0 && (
          <ul className="session-list" data-testid="passkeys">
            {passkeys.map((passkey) => (
              <PasskeyRow key={passkey.id} passkey={passkey} />
            ))}
          </ul>
        )}
        {passkeys && !adding && (
          <div className="card-row">
            {passkeys.length === 0 && <p className="muted">No passkeys yet.</p>}
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setAdded(false);
                setAdding(true);
              }}
            >
              Add a passkey
            </button>
          </div>
        )}
        {adding && (
          <AddPasskey
            onAdded={() => {
              setAdded(true);
              setAdding(false);
            }}
            onCancel={() => setAdding(false)}
          />
        )}
      </div>
    </section>
  );
}

/**
 * Adding one: an optional name, then the browser's passkey prompt. A session signed in more
 * than 10 minutes ago is asked for its password first (REAUTHENTICATION_REQUIRED).
 */
function AddPasskey({ onAdded, onCancel }: { onAdded(): void; onCancel(): void }) {
  const [needsPassword, setNeedsPassword] = useState(false);
  const [start] = useMutation(StartPasskeyRegistrationMutation);
  const [finish] = useMutation(FinishPasskeyRegistrationMutation, {
    refetchQueries: [PasskeysQuery, 'SecurityActivity'],
    awaitRefetchQueries: true,
  });
  const [reauthenticate] = useMutation(ReauthenticateMutation);
  const [error, setError] = useState<string | null>(null);

  const add = useAction('other', async (formElement: HTMLFormElement) => {
    setError(null);
    const form = new FormData(formElement);
    if (needsPassword) {
      try {
        await reauthenticate({ variables: { input: { password: String(form.get('password')) } } });
      } catch (caught) {
        setError(describeError(caught, 'confirmPassword'));
        return;
      }
      setNeedsPassword(false);
    }
    try {
      const { data } = await start();
      const optionsJSON = data?.startPasskeyRegistration as PublicKeyCredentialCreationOptionsJSON;
      const response = await startRegistration({ optionsJSON });
      const name = String(form.get('name') ?? '').trim();
      await finish({ variables: { response, name: name || null } });
      onAdded();
    } catch (caught) {
      if (hasErrorCode(caught, ErrorCode.REAUTHENTICATION_REQUIRED)) {
        setNeedsPassword(true);
        setError('For your security, enter your password again to add a passkey.');
        return;
      }
      setError(describePasskeyError(caught));
    }
  });

  if (!browserSupportsWebAuthn()) {
    return <p className="notice notice-error">This browser does not support passkeys.</p>;
  }
  return (
    <form className="form form-narrow" onSubmit={submitTo(add.run)}>
      <FormMessage tone="error" message={error ?? add.error} />
      <Field
        label="Passkey name (optional)"
        name="name"
        type="text"
        maxLength={100}
        placeholder="For example: Laptop"
      />
      {needsPassword && (
        <Field label="Password" name="password" type="password" autoComplete="current-password" required autoFocus />
      )}
      <div className="card-row">
        <SubmitButton pending={add.pending} pendingLabel="Waiting for your passkey…">
          {needsPassword ? 'Confirm and add passkey' : 'Create passkey'}
        </SubmitButton>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function PasskeyRow({ passkey }: { passkey: Passkey }) {
  const [deletePasskey] = useMutation(DeletePasskeyMutation, {
    variables: { id: passkey.id },
    refetchQueries: [PasskeysQuery, 'SecurityActivity'],
    awaitRefetchQueries: true,
  });
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
