import { useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { graphql } from '../../__generated__';
import { FormMessage } from '../FormMessage';
import {
  WebAuthnAbortService,
  browserSupportsWebAuthnAutofill,
  describePasskeyError,
  startAuthentication,
} from '../passkeys';
import type { PublicKeyCredentialRequestOptionsJSON } from '../passkeys';
import { useAction } from '../useAction';
import { useSignInMutation } from '../useSignInMutation';

const StartPasskeyLoginMutation = graphql(`
  mutation StartPasskeyLogin {
    startPasskeyLogin
  }
`);

const FinishPasskeyLoginMutation = graphql(`
  mutation FinishPasskeyLogin($response: JSON!) {
    finishPasskeyLogin(response: $response) {
      ...AuthPayloadFields
    }
  }
`);

/**
 * "Sign in with a passkey": the API's options for any passkey of this site (discoverable
 * credentials, so no email first), the browser's prompt, then a full sign-in, two-factor
 * included. The page then leaves for `next` as after a password sign-in (`AuthForm`).
 * Where the browser supports it, the same ceremony also waits in the email field's autofill
 * (conditional mediation): choosing a passkey there signs in without the button.
 */
export function PasskeySignIn() {
  const [start] = useMutation(StartPasskeyLoginMutation);
  const finish = useSignInMutation(FinishPasskeyLoginMutation, 'finishPasskeyLogin');
  const [error, setError] = useState<string | null>(null);
  // The effect below runs once; it reads the mutations through this ref.
  const latest = useRef({ start, finish });
  useEffect(() => {
    latest.current = { start, finish };
  });
  // Each start sets the challenge cookie: the button waits for the autofill's start, so that the
  // cookie it finishes with is its own.
  const autofillStarted = useRef<Promise<unknown>>(Promise.resolve());

  const begin = async () => {
    const { data } = await latest.current.start();
    return data?.startPasskeyLogin as PublicKeyCredentialRequestOptionsJSON;
  };

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (!(await browserSupportsWebAuthnAutofill()) || cancelled) return;
      const options = begin();
      autofillStarted.current = options.catch(() => undefined);
      // No options (rate limited, offline): the button still works, and says why.
      const optionsJSON = await options.catch(() => null);
      if (!optionsJSON || cancelled) return;
      const response = await startAuthentication({ optionsJSON, useBrowserAutofill: true }).catch(() => null);
      if (!response || cancelled) return; // aborted by the button, by leaving, or nothing chosen
      await latest.current.finish({ response }).catch((caught: unknown) => setError(describePasskeyError(caught)));
    })();
    return () => {
      cancelled = true;
      WebAuthnAbortService.cancelCeremony();
    };
  }, []);

  const signIn = useAction(
    'other',
    async () => {
      setError(null);
      try {
        await autofillStarted.current;
        const optionsJSON = await begin();
        await latest.current.finish({ response: await startAuthentication({ optionsJSON }) });
      } catch (caught) {
        setError(describePasskeyError(caught));
        throw caught;
      }
    },
    { pendingAfterSuccess: true },
  );

  return (
    <div className="passkey-sign-in">
      <div className="divider" role="separator">
        <span>or</span>
      </div>
      <FormMessage tone="error" message={error} />
      <button
        type="button"
        className="button button-secondary button-block"
        onClick={() => signIn.run()}
        disabled={signIn.pending}
      >
        {signIn.pending ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
      </button>
    </div>
  );
}
