import { useMutation } from '@apollo/client/react';
import { graphql } from '../../../__generated__';
import { PasswordStep } from './PasswordStep';

const RegenerateRecoveryCodesMutation = graphql(`
  mutation RegenerateRecoveryCodes($input: PasswordInput!) {
    regenerateRecoveryCodes(input: $input)
  }
`);

export function NewRecoveryCodes({ onCreated, onCancel }: { onCreated(codes: string[]): void; onCancel(): void }) {
  const [regenerate] = useMutation(RegenerateRecoveryCodesMutation);

  return (
    <PasswordStep
      intro="New recovery codes replace the ones you have: those stop working at once."
      submitLabel="Create new codes"
      pendingLabel="Creating codes…"
      onSubmit={async (password) => {
        const { data } = await regenerate({ variables: { input: { password } } });
        if (data) onCreated(data.regenerateRecoveryCodes);
      }}
      onCancel={onCancel}
    />
  );
}
