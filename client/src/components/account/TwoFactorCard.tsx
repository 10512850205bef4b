import { useMutation, useQuery } from '@apollo/client/react';
import type { ApolloCache } from '@apollo/client';
import { useState } from 'react';
import { graphql } from '../../__generated__';
import type { StartTotpSetupMutation } from '../../__generated__/graphql';
import { AuthenticationCodeField, Field } from '../Field';
import { FormMessage } from '../FormMessage';
import { SubmitButton } from '../SubmitButton';
import { submitTo, useAction } from '../useAction';
import { CardPlaceholder } from './CardPlaceholder';
import { ProfileQuery } from './ProfileCard';
import { RECOVERY_CODES_FILE, recoveryCodesText, svgDataUrl } from './twoFactor';

const StartTotpSetupMutation = graphql(`
  mutation StartTotpSetup($input: PasswordInput!) {
    startTotpSetup(input: $input) {
      secret
      otpauthUri
      qrCodeSvg
    }
  }
`);

const ConfirmTotpSetupMutation = graphql(`
  mutation ConfirmTotpSetup($input: MfaCodeInput!) {
    confirmTotpSetup(input: $input)
  }
`);

const DisableTotpMutation = graphql(`
  mutation DisableTotp($input: DisableTotpInput!) {
    disableTotp(input: $input)
  }
`);

const RegenerateRecoveryCodesMutation = graphql(`
  mutation RegenerateRecoveryCodes($input: PasswordInput!) {
    regenerateRecoveryCodes(input: $input)
  }
`);

type TotpSetup = StartTotpSetupMutation['startTotpSetup'];

/** What the card shows: the state, or one of the steps of a change. */
type View =
  | { step: 'status' }
  | { step: 'setupPassword' }
  | { step: 'scan'; setup: TotpSetup }
  | { step: 'codes'; codes: string[] }
  | { step: 'disable' }
  | { step: 'regenerate' };

interface Account {
  id: string;
  email: string;
  mfaEnabled: boolean;
}

/** Sets `mfaEnabled` on the cached user, so the Profile query (which this card reads) shows it. */
function setMfaEnabled(cache: ApolloCache, userId: string, enabled: boolean) {
  cache.modify({ id: cache.identify({ __typename: 'User', id: userId }), fields: { mfaEnabled: () => enabled } });
}

export function TwoFactorCard() {
  // The Profile card's query: one request for both cards, and the Refresh button updates this one too.
  const { data, error } = useQuery(ProfileQuery);
  const [view, setView] = useState<View>({ step: 'status' });
  const me = data?.me;
  const back = () => setView({ step: 'status' });

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
      {me && view.step === 'status' && <Status account={me} onChange={setView} />}
      {me && view.step === 'setupPassword' && (
        <SetupPassword onStarted={(setup) => setView({ step: 'scan', setup })} onCancel={back} />
      )}
      {me && view.step === 'scan' && (
        <ScanAndConfirm
          account={me}
          setup={view.setup}
          onConfirmed={(codes) => setView({ step: 'codes', codes })}
          onCancel={back}
        />
      )}
      {me && view.step === 'codes' && <RecoveryCodes account={me} codes={view.codes} onDone={back} />}
      {me && view.step === 'disable' && <TurnOff account={me} onDone={back} />}
      {me && view.step === 'regenerate' && (
        <NewRecoveryCodes onCreated={(codes) => setView({ step: 'codes', codes })} onCancel={back} />
      )}
    </section>
  );
}

function Status({ account, onChange }: { account: Account; onChange(view: View): void }) {
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

function CancelButton({ onCancel }: { onCancel(): void }) {
  return (
    <button type="button" className="button button-ghost" onClick={onCancel}>
      Cancel
    </button>
  );
}

function PasswordField() {
  return <Field label="Password" name="mfaPassword" type="password" autoComplete="current-password" required />;
}

function CodeField({ hint }: { hint?: string }) {
  return <AuthenticationCodeField name="mfaCode" hint={hint} />;
}

function SetupPassword({ onStarted, onCancel }: { onStarted(setup: TotpSetup): void; onCancel(): void }) {
  const [startTotpSetup] = useMutation(StartTotpSetupMutation);
  const { pending, error, run } = useAction('confirmPassword', async (formElement: HTMLFormElement) => {
    const password = String(new FormData(formElement).get('mfaPassword'));
    const { data } = await startTotpSetup({ variables: { input: { password } } });
    if (data) onStarted(data.startTotpSetup);
  });

  return (
    <form className="form form-narrow mfa-body" onSubmit={submitTo(run)}>
      <p>Enter your password to set up two-factor authentication.</p>
      <FormMessage tone="error" message={error} />
      <PasswordField />
      <div className="button-row">
        <SubmitButton pending={pending} pendingLabel="Checking…">
          Continue
        </SubmitButton>
        <CancelButton onCancel={onCancel} />
      </div>
    </form>
  );
}

/** "ABCDEFGH…" in groups of four, easier to type by hand (apps ignore the spaces). */
function groupsOfFour(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

function ScanAndConfirm({
  account,
  setup,
  onConfirmed,
  onCancel,
}: {
  account: Account;
  setup: TotpSetup;
  onConfirmed(codes: string[]): void;
  onCancel(): void;
}) {
  const [confirmTotpSetup] = useMutation(ConfirmTotpSetupMutation, {
    update: (cache) => setMfaEnabled(cache, account.id, true),
  });
  const { pending, error, run } = useAction('other', async (formElement: HTMLFormElement) => {
    const code = String(new FormData(formElement).get('mfaCode')).trim();
    const { data } = await confirmTotpSetup({ variables: { input: { code } } });
    if (data) onConfirmed(data.confirmTotpSetup);
  });

  return (
    <div className="mfa-body">
      <ol className="mfa-steps">
        <li>Scan this QR code with an authenticator app (for example 1Password, Google Authenticator or Authy).</li>
        <li>Enter the 6-digit code the app shows, to check it is set up.</li>
      </ol>
      <div className="mfa-setup">
        {/* An image, not markup: nothing in the API's SVG can run in the page. */}
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, which next/image would not optimise */}
        <img
          className="mfa-qr"
          src={svgDataUrl(setup.qrCodeSvg)}
          width={180}
          height={180}
          alt="QR code to scan with your authenticator app"
        />
        <div className="mfa-manual">
          <p className="muted">Can’t scan it? Enter this key in the app instead.</p>
          <dl className="details">
            <div>
              <dt>Secret key</dt>
              <dd>
                <code className="mfa-secret" data-testid="totp-secret">
                  {groupsOfFour(setup.secret)}
                </code>
              </dd>
            </div>
          </dl>
          {setup.otpauthUri.startsWith('otpauth://') && (
            <p className="muted">
              On this device? <a href={setup.otpauthUri}>Open in your authenticator app</a>
            </p>
          )}
        </div>
      </div>
      <form className="form form-narrow" onSubmit={submitTo(run)}>
        <FormMessage tone="error" message={error} />
        <CodeField hint="The 6-digit code from the app." />
        <div className="button-row">
          <SubmitButton pending={pending} pendingLabel="Confirming…">
            Confirm
          </SubmitButton>
          <CancelButton onCancel={onCancel} />
        </div>
      </form>
    </div>
  );
}

/** The recovery codes, this once: to copy or download before "Done". */
function RecoveryCodes({ account, codes, onDone }: { account: Account; codes: string[]; onDone(): void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const text = () => recoveryCodesText(codes, account.email, new Date());

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied('Copied.');
    } catch {
      setCopied('Could not copy. Select the codes and copy them instead.');
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text()], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = RECOVERY_CODES_FILE;
    document.body.append(link);
    link.click();
    link.remove();
    // Late enough for the download to have started.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <div className="mfa-body">
      <p className="notice notice-info" role="status">
        Save these recovery codes somewhere safe. Each works once instead of an authenticator code, if you lose your
        phone. They are shown only now.
      </p>
      <ul className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button button-secondary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="button button-secondary" onClick={download}>
          Download
        </button>
        <button type="button" className="button button-primary" onClick={onDone}>
          Done
        </button>
      </div>
      {copied && <p className="hint">{copied}</p>}
    </div>
  );
}

function TurnOff({ account, onDone }: { account: Account; onDone(): void }) {
  const [disableTotp] = useMutation(DisableTotpMutation, {
    update: (cache) => setMfaEnabled(cache, account.id, false),
  });
  const { pending, error, run } = useAction('confirmPassword', async (formElement: HTMLFormElement) => {
    const form = new FormData(formElement);
    await disableTotp({
      variables: { input: { password: String(form.get('mfaPassword')), code: String(form.get('mfaCode')).trim() } },
    });
    onDone();
  });

  return (
    <form className="form form-narrow mfa-body" onSubmit={submitTo(run)}>
      <p>Turning it off lets your password alone sign you in. Your recovery codes stop working.</p>
      <FormMessage tone="error" message={error} />
      <PasswordField />
      <CodeField hint="From your authenticator app, or a recovery code." />
      <div className="button-row">
        <SubmitButton pending={pending} pendingLabel="Turning off…">
          Turn off
        </SubmitButton>
        <CancelButton onCancel={onDone} />
      </div>
    </form>
  );
}

function NewRecoveryCodes({ onCreated, onCancel }: { onCreated(codes: string[]): void; onCancel(): void }) {
  const [regenerate] = useMutation(RegenerateRecoveryCodesMutation);
  const { pending, error, run } = useAction('confirmPassword', async (formElement: HTMLFormElement) => {
    const password = String(new FormData(formElement).get('mfaPassword'));
    const { data } = await regenerate({ variables: { input: { password } } });
    if (data) onCreated(data.regenerateRecoveryCodes);
  });

  return (
    <form className="form form-narrow mfa-body" onSubmit={submitTo(run)}>
      <p>New recovery codes replace the ones you have: those stop working at once.</p>
      <FormMessage tone="error" message={error} />
      <PasswordField />
      <div className="button-row">
        <SubmitButton pending={pending} pendingLabel="Creating codes…">
          Create new codes
        </SubmitButton>
        <CancelButton onCancel={onCancel} />
      </div>
    </form>
  );
}
