import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../__generated__';
import type { Account } from './account';
import { setMfaEnabled } from './account';
import { CodeField, PasswordStep } from './PasswordStep';

const DisableTotpMutation = graphql(`
  mutation DisableTotp($input: DisableTotpInput!) {
    disableTotp(input: $input)
  }
`);

export function TurnOff({ account, onDone }: { account: Account; onDone(): void }) {
  const [disableTotp] = useMutation(DisableTotpMutation, {
    update: (cache) => setMfaEnabled(cache, account.id, false),
  });

  return (
    <PasswordStep
      intro="Turning it off lets your password alone sign you in. Your recovery codes stop working."
      submitLabel="Turn off"
      pendingLabel="Turning off…"
      onSubmit={async (password, form) => {
        await disableTotp({ variables: { input: { password, code: String(form.get('mfaCode')).trim() } } });
        onDone();
      }}
      onCancel={onDone}
    >
      <CodeField hint="From your authenticator app, or a recovery code." />
    </PasswordStep>
  );
}
