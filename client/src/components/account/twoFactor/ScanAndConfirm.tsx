import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../__generated__';
import { FormMessage } from '../../FormMessage';
import { SubmitButton } from '../../SubmitButton';
import { submitTo, useAction } from '../../useAction';
import type { Account } from './account';
import { setMfaEnabled } from './account';
import { CancelButton, CodeField } from './PasswordStep';
import { svgDataUrl } from './qrCode';
import type { TotpSetup } from './SetupPassword';

const ConfirmTotpSetupMutation = graphql(`
  mutation ConfirmTotpSetup($input: MfaCodeInput!) {
    confirmTotpSetup(input: $input)
  }
`);

export function ScanAndConfirm({
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
      <AuthenticatorKey setup={setup} />
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

/** "ABCDEFGH…" in groups of four, easier to type by hand (apps ignore the spaces). */
function groupsOfFour(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The new secret, three ways: the QR code, the key to type, and a link for an app on this device. */
function AuthenticatorKey({ setup }: { setup: TotpSetup }) {
  return (
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
  );
}
