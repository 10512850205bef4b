import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../../__generated__';
import { ErrorCode, describeError, hasErrorCode } from '../../../auth/errorCodes';
import { describePasskeyError, startRegistration } from '../../passkeys';
import type { PublicKeyCredentialCreationOptionsJSON } from '../../passkeys';
import { useAction } from '../../useAction';
import { refetchAfterChange } from './passkeysQuery';

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

/**
 * Adding one: the browser's passkey prompt on the API's options, then the new passkey saved
 * under the form's optional `name`. A session signed in more than 10 minutes ago is refused
 * (REAUTHENTICATION_REQUIRED): `needsPassword` turns on, and the next try sends the form's
 * `password` first.
 */
export function useAddPasskey(onAdded: () => void) {
  const [needsPassword, setNeedsPassword] = useState(false);
  const [start] = useMutation(StartPasskeyRegistrationMutation);
  const [finish] = useMutation(FinishPasskeyRegistrationMutation, refetchAfterChange);
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

  return { needsPassword, pending: add.pending, error: error ?? add.error, run: add.run };
}
