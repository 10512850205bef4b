'use client';

/**
 * The browser half of passkeys: @simplewebauthn/browser runs the WebAuthn ceremonies
 * (navigator.credentials.create / get) on the API's options; this turns what the browser
 * refuses into sentences. The API's own refusals go through `describeError`.
 */
import { WebAuthnError } from '@simplewebauthn/browser';
import { describeError } from '../auth/errorCodes';

export {
  WebAuthnAbortService,
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
export type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

/** The sentence for a failed passkey step, whether the browser or the API refused it. */
export function describePasskeyError(error: unknown): string {
  if (error instanceof WebAuthnError) {
    if (error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
      return 'This passkey is already registered to your account.';
    if (error.code === 'ERROR_CEREMONY_ABORTED') return 'The passkey request was cancelled.';
    if (error.code === 'ERROR_INVALID_DOMAIN' || error.code === 'ERROR_INVALID_RP_ID')
      return 'Passkeys are not available on this address of the app.';
  }
  // NotAllowedError: the person cancelled, the prompt timed out, or no passkey was chosen.
  const cause = error instanceof Error ? (error.cause as { name?: unknown } | undefined) : undefined;
  if (error instanceof Error && (error.name === 'NotAllowedError' || cause?.name === 'NotAllowedError'))
    return 'The passkey request was cancelled or timed out.';
  return describeError(error, 'other');
}
