/**
 * The API's error codes (`errors[].extensions.code`) and what the app tells people about them.
 *
 * The server's `Message` catalogue (server/src/errors.ts) is written for people and any client may
 * show it as is. The web app shows its own words keyed by `extensions.code` (and `extensions.field`),
 * and shows the server's message only where the code alone does not name the cause: BAD_USER_INPUT,
 * PASSKEY_REFUSED, FORBIDDEN.
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
  EMAIL_NOT_VERIFIED: 'EMAIL_NOT_VERIFIED',
  PASSKEY_REFUSED: 'PASSKEY_REFUSED',
  PASSWORD_RESET_REQUIRED: 'PASSWORD_RESET_REQUIRED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

interface ApiError {
  code: string | null;
  message: string | null;
  retryAfter: number | null;
  /** The input field the error is about, when the API names one. */
  field: string | null;
}

function apiErrors(error: unknown): ApiError[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  return error.errors.map(({ message, extensions }) => ({
    code: typeof extensions?.code === 'string' ? extensions.code : null,
    message: message || null,
    retryAfter: typeof extensions?.retryAfter === 'number' ? extensions.retryAfter : null,
    field: typeof extensions?.field === 'string' ? extensions.field : null,
  }));
}

/**
 * The input field a BAD_USER_INPUT names (`extensions.field`), so a form can show the refusal beside
 * that field: a new password refused by the API's rule (too short, too common, personal, breached).
 */
export function refusedField(error: unknown): string | null {
  const [first] = apiErrors(error);
  return first?.code === ErrorCode.BAD_USER_INPUT ? first.field : null;
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
 * What was being done, where the same code and field mean different things: `login` refused
 * (UNAUTHENTICATED: the password), `verifyMfa` refused (UNAUTHENTICATED: its pending sign-in is
 * gone), `confirmPassword` an account change that asks for the password again (BAD_USER_INPUT on
 * `password`: wrong, not too short).
 */
export type Action = 'login' | 'verifyMfa' | 'confirmPassword' | 'other';

/** `verifyMfa` refused: its pending sign-in is gone (5 minutes, or 5 wrong codes). */
export const MFA_EXPIRED_MESSAGE = 'The sign-in has expired; enter your password again.';

/** The access token was refused and so was the refresh: sign in again. */
export const SESSION_ENDED_MESSAGE = 'Your session has ended. Please sign in again.';

/** The sentence to show for a failed operation. */
export function describeError(error: unknown, action: Action): string {
  const [first] = apiErrors(error);
  switch (first?.code) {
    case ErrorCode.UNAUTHENTICATED:
      if (action === 'login') return 'Wrong email or password.';
      if (action === 'verifyMfa') return MFA_EXPIRED_MESSAGE;
      return SESSION_ENDED_MESSAGE;
    case ErrorCode.PASSKEY_REFUSED:
      // Unknown passkey, expired or replayed request, failed check, already registered: the API says which.
      return asSentence(first.message) ?? 'The passkey could not be verified. Please try again.';
    case ErrorCode.REAUTHENTICATION_REQUIRED:
      return 'Enter your password again to continue.';
    case ErrorCode.EMAIL_NOT_VERIFIED:
      // Passkeys and two-factor wait for a confirmed address (the account page offers the link again).
      return 'Confirm your email address first: open the link we sent you, or send a new one from your account page.';
    case ErrorCode.EMAIL_TAKEN:
      return 'An account with this email already exists. Sign in instead?';
    case ErrorCode.RATE_LIMITED:
      return first.retryAfter === null
        ? 'Too many attempts. Please wait a moment and try again.'
        : `Too many attempts. Try again in ${formatWait(first.retryAfter)}.`;
    case ErrorCode.BAD_USER_INPUT:
      if (first.field === 'currentPassword') return 'Your current password is not correct.';
      if (first.field === 'password' && action === 'confirmPassword') return 'Your password is not correct.';
      // The API's message names the rule that failed (the password's length, or that it is too common,
      // contains the email or name, or appeared in a breach: `extensions.reason`).
      return first.message ?? 'Please check what you entered.';
    case ErrorCode.INVALID_CODE:
      // A mistyped, expired (older than the previous 30 s step), already used or unknown code.
      return 'That code is not valid.';
    case ErrorCode.MFA_REQUIRED:
      // The sign-in form turns this into its second step; elsewhere it is only a sentence.
      return 'Enter the code from your authenticator app to finish signing in.';
    case ErrorCode.FORBIDDEN:
      // Passkeys turned off on this address, not your session, not your passkey: the API says which.
      return asSentence(first.message) ?? 'You are not allowed to do that.';
    case ErrorCode.PASSWORD_RESET_REQUIRED:
      // The sign-in form adds a link to "Forgot password?" beside it.
      return 'Too many wrong codes were entered after your password, so signing in with it is blocked. Reset your password to continue, or sign in with a passkey.';
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

/** The API's message ended as a sentence, for a notice that stands alone. */
function asSentence(message: string | null): string | null {
  if (!message) return null;
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
