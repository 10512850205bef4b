import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { FormMessage } from '../../FormMessage';
import { CardPlaceholder } from '../CardPlaceholder';
import { ConfirmEmailFirst } from '../ConfirmEmailFirst';
import { ProfileQuery } from '../ProfileCard';
import { AddPasskey } from './AddPasskey';
import { PasskeyRow } from './PasskeyRow';
import { PasskeysQuery } from './passkeysQuery';
import type { Passkey } from './passkeysQuery';

export function PasskeysCard() {
  const { data, error } = useQuery(PasskeysQuery);
  const passkeys = data?.passkeys;
  // The Profile card's query (one request for the cards that read the user): adding a passkey waits
  // for a confirmed address.
  const emailVerified = useQuery(ProfileQuery).data?.me.emailVerified;

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
      <PasskeyList passkeys={passkeys} emailVerified={emailVerified} />
    </section>
  );
}

/**
 * The passkeys (once loaded), and adding one: its form in place of the button while open, or, on an
 * unconfirmed address, what to do first.
 */
function PasskeyList({ passkeys, emailVerified }: { passkeys: Passkey[] | undefined; emailVerified?: boolean }) {
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState(false);

  return (
    <div className="passkeys-body">
      <FormMessage tone="info" message={added && !adding ? 'Passkey added.' : null} />
      {passkeys && passkeys.length > 0 && (
        <ul className="session-list" data-testid="passkeys">
          {passkeys.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={passkey} />
          ))}
        </ul>
      )}
      {passkeys && emailVerified === false && <ConfirmEmailFirst what="a passkey" />}
      {passkeys && emailVerified && !adding && (
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
  );
}
