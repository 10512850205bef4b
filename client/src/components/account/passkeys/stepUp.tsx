import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../../__generated__';
import { describeError } from '../../../auth/errorCodes';
import { AuthenticationCodeField, Field } from '../../Field';

const ReauthenticateMutation = graphql(`
  mutation Reauthenticate($input: PasswordInput!) {
    reauthenticate(input: $input)
  }
`);

/** Read from the cache the Profile query fills: does the step-up ask for a code too? */
const StepUpAccountQuery = graphql(`
  query StepUpAccount {
    me {
      id
      mfaEnabled
    }
  }
`);

/**
 * The step-up before adding or removing a passkey when the last sign-in here is older than 10
 * minutes (REAUTHENTICATION_REQUIRED): the password, and on an account with two-factor
 * authentication a code too, as the API asks (ASVS 5.0 V7.5.1).
 */
export function useStepUp() {
  const [needed, setNeeded] = useState(false);
  const { data } = useQuery(StepUpAccountQuery);
  const [reauthenticate] = useMutation(ReauthenticateMutation);
  const withCode = Boolean(data?.me.mfaEnabled);

  /** Sends the form's password (and code): null once this session counts as fresh, else the sentence to show. */
  async function confirm(form: FormData): Promise<string | null> {
    const password = String(form.get('password') ?? '');
    const code = withCode ? String(form.get('code') ?? '') : null;
    try {
      await reauthenticate({ variables: { input: { password, code } } });
      setNeeded(false);
      return null;
    } catch (caught) {
      return describeError(caught, 'confirmPassword');
    }
  }

  return { needed, require: () => setNeeded(true), withCode, confirm };
}

/** The step-up's fields: the password, and the code when the account has two-factor authentication. */
export function StepUpFields({ withCode }: { withCode: boolean }) {
  return (
    <>
      <Field label="Password" name="password" type="password" autoComplete="current-password" required autoFocus />
      {withCode && <AuthenticationCodeField name="code" hint="From your authenticator app, or a recovery code." />}
    </>
  );
}
