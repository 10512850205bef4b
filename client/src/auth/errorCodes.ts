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

export type Action = 'login' | 'register' | 'changePassword' | 'other';

const UNAUTHENTICATED_MESSAGES: Record<Action, string> = {
  login: 'Wrong email or password.',
  register: 'Your session has ended. Please sign in again.',
  changePassword: 'Your session has ended. Please sign in again.',
  other: 'Your session has ended. Please sign in again.',
};

/** The sentence to show for a failed operation. */
export function describeError(error: unknown, action: Action): string {
  const [first] = apiErrors(error);
  switch (first?.code) {
    case ErrorCode.UNAUTHENTICATED:
      return UNAUTHENTICATED_MESSAGES[action];
    case ErrorCode.EMAIL_TAKEN:
      return 'An account with this email already exists. Sign in instead?';
    case ErrorCode.RATE_LIMITED:
      return first.retryAfter === null
        ? 'Too many attempts. Please wait a moment and try again.'
        : `Too many attempts. Try again in ${formatWait(first.retryAfter)}.`;
    case ErrorCode.BAD_USER_INPUT:
      if (first.field === 'currentPassword') return 'Your current password is not correct.';
      return badInputMessage(error, action);
    case ErrorCode.FORBIDDEN:
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

function badInputMessage(error: unknown, action: Action): string {
  // The server's message names the rule that failed (for example the password length); it is
  // written for people, so show it rather than guess which rule it was.
  const message = CombinedGraphQLErrors.is(error) ? error.errors[0]?.message : undefined;
  if (message) return message;
  return action === 'other' ? 'Please check what you entered.' : 'Please check the email and password.';
}
