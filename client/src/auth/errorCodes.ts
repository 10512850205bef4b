/**
 * The API's error codes (`errors[].extensions.code`) and what the app tells people about them.
 * The app switches on codes, never on message text: messages are for developers and may change.
 */
import { CombinedGraphQLErrors } from '@apollo/client/errors';

/**
 * The same list as `ErrorCode` in server/src/errors.ts, which the app cannot import (the server's
 * code is not bundled); `__tests__/errorCodes.test.ts` fails when the two differ.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  RATE_LIMITED: 'RATE_LIMITED',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_TOKEN: 'INVALID_TOKEN',
  MFA_REQUIRED: 'MFA_REQUIRED',
  INVALID_CODE: 'INVALID_CODE',
  REAUTHENTICATION_REQUIRED: 'REAUTHENTICATION_REQUIRED',
  PASSKEY_REFUSED: 'PASSKEY_REFUSED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

interface ApiError {
  code: string | null;
  retryAfter: number | null;
  /** The input field the error is about, when the API names one. */
  field: string | null;
}

function apiErrors(error: unknown): ApiError[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  return error.errors.map(({ extensions }) => ({
    code: typeof extensions?.code === 'string' ? extensions.code : null,
    retryAfter: typeof extensions?.retryAfter === 'number' ? extensions.retryAfter : null,
    field: typeof extensions?.field === 'string' ? extensions.field : null,
  }));
}

export function hasErrorCode(error: unknown, code: ErrorCode): boolean {
  return apiErrors(error).some((apiError) => apiError.code === code);
}

/** "1 minute", "45 seconds": a wait people can act on. */
export function formatWait(seconds: number): string {
  const rounded = Math.max(1, Math.ceil(seconds));
  if (rounded < 60) return `${rounded} second${rounded === 1 ? '' : 's'}`;
  const minutes = Math.ceil(rounded / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * What was being done, where the same code means different things: `verifyMfa` is the sign-in's
 * second step, `confirmPassword` an account change that asks for the password again (two-factor),
 * `passkey` a WebAuthn ceremony, whose refusals say what went wrong.
 */
export type Action = 'login' | 'register' | 'changePassword' | 'verifyMfa' | 'confirmPassword' | 'passkey' | 'other';

/** `verifyMfa` refused: its pending sign-in is gone (5 minutes, or 5 wrong codes). */
export const MFA_EXPIRED_MESSAGE = 'The sign-in has expired; enter your password again.';

const UNAUTHENTICATED_MESSAGES: Record<Action, string> = {
  login: 'Wrong email or password.',
  verifyMfa: MFA_EXPIRED_MESSAGE,
  confirmPassword: 'Your session has ended. Please sign in again.',
  passkey: 'The passkey could not be verified. Please try again.',
  register: 'Your session has ended. Please sign in again.',
  changePassword: 'Your session has ended. Please sign in again.',
  other: 'Your session has ended. Please sign in again.',
};

/** The sentence to show for a failed operation. */
export function describeError(error: unknown, action: Action): string {
  const [first] = apiErrors(error);
  switch (first?.code) {
    case ErrorCode.UNAUTHENTICATED:
      // A passkey ceremony's refusal names its cause ("This passkey isn't registered here").
      if (action === 'passkey') return serverSentence(error) ?? UNAUTHENTICATED_MESSAGES.passkey;
      return UNAUTHENTICATED_MESSAGES[action];
    case ErrorCode.PASSKEY_REFUSED:
      // The API's sentence names the cause ("This passkey isn't registered here").
      return serverSentence(error) ?? UNAUTHENTICATED_MESSAGES.passkey;
    case ErrorCode.REAUTHENTICATION_REQUIRED:
      return 'Enter your password again to continue.';
    case ErrorCode.EMAIL_TAKEN:
      return 'An account with this email already exists. Sign in instead?';
    case ErrorCode.RATE_LIMITED:
      return first.retryAfter === null
        ? 'Too many attempts. Please wait a moment and try again.'
        : `Too many attempts. Try again in ${formatWait(first.retryAfter)}.`;
    case ErrorCode.BAD_USER_INPUT:
      if (first.field === 'currentPassword') return 'Your current password is not correct.';
      if (first.field === 'password' && action === 'confirmPassword') return 'Your password is not correct.';
      return badInputMessage(error, action);
    case ErrorCode.INVALID_CODE:
      // A mistyped, expired (older than the previous 30 s step), already used or unknown code.
      return 'That code is not valid.';
    case ErrorCode.MFA_REQUIRED:
      // The sign-in form turns this into its second step; elsewhere it is only a sentence.
      return 'Enter the code from your authenticator app to finish signing in.';
    case ErrorCode.FORBIDDEN:
      // Passkeys turned off (an app served from an IP address): the API says why.
      if (action === 'passkey') return serverSentence(error) ?? 'Passkeys are not available here.';
      return 'You are not allowed to do that.';
    case ErrorCode.INVALID_TOKEN:
      // Unknown, expired, used or superseded: the API does not say which, and neither do we.
      return 'This link is no longer valid.';
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 'The service is busy right now. Please try again in a moment.';
    case undefined:
      return 'Could not reach the server. Check your connection and try again.';
    default:
      return 'Something went wrong on our side. Please try again.';
  }
}

/** The API's message, ended as a sentence: written for people where the catalogue says so. */
function serverSentence(error: unknown): string | null {
  const message = CombinedGraphQLErrors.is(error) ? error.errors[0]?.message : undefined;
  if (!message) return null;
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

function badInputMessage(error: unknown, action: Action): string {
  // The server's message names the rule that failed (for example the password length); it is
  // written for people, so show it rather than guess which rule it was.
  const message = CombinedGraphQLErrors.is(error) ? error.errors[0]?.message : undefined;
  if (message) return message;
  return action === 'other' ? 'Please check what you entered.' : 'Please check the email and password.';
}
