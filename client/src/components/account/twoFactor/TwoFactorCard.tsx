import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { CardPlaceholder } from '../CardPlaceholder';
import { ConfirmEmailFirst } from '../ConfirmEmailFirst';
import { ProfileQuery } from '../ProfileCard';
import type { Account } from './account';
import { NewRecoveryCodes } from './NewRecoveryCodes';
import { RecoveryCodes } from './RecoveryCodes';
import { ScanAndConfirm } from './ScanAndConfirm';
import { SetupPassword } from './SetupPassword';
import type { TotpSetup } from './SetupPassword';
import { TurnOff } from './TurnOff';

/** What the card shows: the state, or one of the steps of a change. */
type View =
  | { step: 'status' }
  | { step: 'setupPassword' }
  | { step: 'scan'; setup: TotpSetup }
  | { step: 'codes'; codes: string[] }
  | { step: 'disable' }
  | { step: 'regenerate' };

export function TwoFactorCard() {
  // The Profile card's query: one request for both cards, and the Refresh button updates this one too.
  const { data, error } = useQuery(ProfileQuery);
  const [view, setView] = useState<View>({ step: 'status' });
  const me = data?.me;

  return (
    <section className="card" aria-labelledby="mfa-title">
      <div className="card-heading">
        <h2 id="mfa-title">Two-factor authentication</h2>
        {me && (
          <span className={`badge ${me.mfaEnabled ? 'badge-success' : ''}`} data-testid="mfa-status">
            {me.mfaEnabled ? 'On' : 'Off'}
          </span>
        )}
      </div>
      <p className="muted">
        Signing in asks for a code from an authenticator app as well as your password, so a stolen password is not
        enough.
      </p>
      <CardPlaceholder loaded={Boolean(me)} error={error} />
      {me && <Step account={me} view={view} onChange={setView} />}
    </section>
  );
}

/** The body of the card: the status, or the step under way; each step ends back at the status. */
function Step({ account, view, onChange }: { account: Account; view: View; onChange(view: View): void }) {
  const back = () => onChange({ step: 'status' });
  const showCodes = (codes: string[]) => onChange({ step: 'codes', codes });

  switch (view.step) {
    case 'status':
      return <Status account={account} onChange={onChange} />;
    case 'setupPassword':
      return <SetupPassword onStarted={(setup) => onChange({ step: 'scan', setup })} onCancel={back} />;
    case 'scan':
      return <ScanAndConfirm account={account} setup={view.setup} onConfirmed={showCodes} onCancel={back} />;
    case 'codes':
      return <RecoveryCodes account={account} codes={view.codes} onDone={back} />;
    case 'disable':
      return <TurnOff account={account} onDone={back} />;
    case 'regenerate':
      return <NewRecoveryCodes onCreated={showCodes} onCancel={back} />;
  }
}

function Status({ account, onChange }: { account: Account; onChange(view: View): void }) {
  if (!account.mfaEnabled && !account.emailVerified) return <ConfirmEmailFirst what="two-factor authentication" />;
  if (!account.mfaEnabled) {
    return (
      <div className="mfa-body card-row">
        <p className="muted">Off: your password alone signs you in.</p>
        <button type="button" className="button button-secondary" onClick={() => onChange({ step: 'setupPassword' })}>
          Set up
        </button>
      </div>
    );
  }
  return (
    <div className="mfa-body card-row">
      <p className="muted">On: signing in asks for a code from your authenticator app, or a recovery code.</p>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => onChange({ step: 'regenerate' })}>
          New recovery codes
        </button>
        <button type="button" className="button button-secondary" onClick={() => onChange({ step: 'disable' })}>
          Turn off
        </button>
      </div>
    </div>
  );
}
