import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../../__generated__';
import { ErrorCode, hasErrorCode } from '../../../auth/errorCodes';
import { describePasskeyError, startRegistration } from '../../passkeys';
import type { PublicKeyCredentialCreationOptionsJSON } from '../../passkeys';
import { useAction } from '../../useAction';
import { refetchAfterChange } from './passkeysQuery';
import { useStepUp } from './stepUp';

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

/**
 * Adding one: the browser's passkey prompt on the API's options, then the new passkey saved
 * under the form's optional `name`. A session signed in more than 10 minutes ago is refused
 * (REAUTHENTICATION_REQUIRED): `needsPassword` turns on, and the next try sends the form's
 * `password` first (and its `code`, when the account has two-factor authentication: `withCode`).
 */
export function useAddPasskey(onAdded: () => void) {
  const stepUp = useStepUp();
  const [start] = useMutation(StartPasskeyRegistrationMutation);
  const [finish] = useMutation(FinishPasskeyRegistrationMutation, refetchAfterChange);
  const [error, setError] = useState<string | null>(null);

  const add = useAction('other', async (formElement: HTMLFormElement) => {
    setError(null);
    const form = new FormData(formElement);
    if (stepUp.needed) {
      const refused = await stepUp.confirm(form);
      if (refused) return setError(refused);
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
        stepUp.require();
        setError(
          stepUp.withCode
            ? 'For your security, enter your password and a code again to add a passkey.'
            : 'For your security, enter your password again to add a passkey.',
        );
        return;
      }
      setError(describePasskeyError(caught));
    }
  });

  return {
    needsPassword: stepUp.needed,
    withCode: stepUp.withCode,
    pending: add.pending,
    error: error ?? add.error,
    run: add.run,
  };
}
