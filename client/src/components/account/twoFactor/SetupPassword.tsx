import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../__generated__';
import type { StartTotpSetupMutation } from '../../../__generated__/graphql';
import { PasswordStep } from './PasswordStep';

const StartTotpSetupMutation = graphql(`
  mutation StartTotpSetup($input: PasswordInput!) {
    startTotpSetup(input: $input) {
      secret
      otpauthUri
      qrCodeSvg
    }
  }
`);

export type TotpSetup = StartTotpSetupMutation['startTotpSetup'];

export function SetupPassword({ onStarted, onCancel }: { onStarted(setup: TotpSetup): void; onCancel(): void }) {
  const [startTotpSetup] = useMutation(StartTotpSetupMutation);

  return (
    <PasswordStep
      intro="Enter your password to set up two-factor authentication."
      submitLabel="Continue"
      pendingLabel="Checking…"
      onSubmit={async (password) => {
        const { data } = await startTotpSetup({ variables: { input: { password } } });
        if (data) onStarted(data.startTotpSetup);
      }}
      onCancel={onCancel}
    />
  );
}
