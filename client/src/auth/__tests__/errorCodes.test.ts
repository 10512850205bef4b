import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ErrorCode as ServerErrorCode } from '../../../../server/src/errors';
import { describeError, ErrorCode, formatWait } from '../errorCodes';

function apiError(code: string, extensions: Record<string, unknown> = {}, message = 'developer text') {
  return new CombinedGraphQLErrors({ data: null, errors: [{ message, extensions: { code, ...extensions } }] });
}

describe('ErrorCode', () => {
  // guards: the app's list is a copy of the server's catalogue (the app cannot import server code)
  it('lists exactly the codes of the server catalogue', () => {
    expect(ErrorCode).toEqual(ServerErrorCode);
  });
});

describe('describeError', () => {
  // guards: issue 15 — a passkey ceremony's refusal says what went wrong, as the API wrote it.
  it('shows the API sentence for a refused passkey ceremony', () => {
    const refused = apiError('PASSKEY_REFUSED', {}, "This passkey isn't registered here");

    expect(describeError(refused, 'other')).toBe("This passkey isn't registered here.");
  });

  // guards: issue 18 — UNAUTHENTICATED means one thing, whatever the operation that met it.
  it('says the session has ended for UNAUTHENTICATED outside sign-in, a passkey ceremony included', () => {
    const expired = apiError('UNAUTHENTICATED', {}, 'Access token is missing, invalid, expired or revoked');

    expect(describeError(expired, 'other')).toBe('Your session has ended. Please sign in again.');
    expect(describeError(expired, 'confirmPassword')).toBe('Your session has ended. Please sign in again.');
  });

  it('shows the API sentence for FORBIDDEN, which alone does not say what is not allowed', () => {
    expect(describeError(apiError('FORBIDDEN', {}, 'Passkeys are not available: why'), 'other')).toBe(
      'Passkeys are not available: why.',
    );
    expect(describeError(apiError('FORBIDDEN', {}, 'No such session of yours'), 'other')).toBe(
      'No such session of yours.',
    );
  });

  it('words the codes that name their cause itself, whatever the API wrote', () => {
    expect(describeError(apiError('REAUTHENTICATION_REQUIRED'), 'other')).toBe(
      'Enter your password again to continue.',
    );
    expect(describeError(apiError('INVALID_CODE', {}, 'developer text'), 'other')).toBe('That code is not valid.');
    // guards: issue 19 §1 — adding a passkey or TOTP before the address is confirmed says what to do.
    expect(describeError(apiError('EMAIL_NOT_VERIFIED'), 'other')).toBe(
      'Confirm your email address first: open the link we sent you, or send a new one from your account page.',
    );
  });

  // guards: issue 19 item 4 — a blocked password sign-in says what to do, in the app's words.
  it('tells to reset the password (or use a passkey) when sign-in with it is blocked', () => {
    expect(describeError(apiError('PASSWORD_RESET_REQUIRED', {}, 'developer text'), 'login')).toBe(
      'Too many wrong codes were entered after your password, so signing in with it is blocked. Reset your password to continue, or sign in with a passkey.',
    );
  });

  it('says "wrong email or password" when login is refused', () => {
    expect(describeError(apiError('UNAUTHENTICATED'), 'login')).toBe('Wrong email or password.');
  });

  it('tells how long to wait when rate limited', () => {
    expect(describeError(apiError('RATE_LIMITED', { retryAfter: 840 }), 'login')).toBe(
      'Too many attempts. Try again in 14 minutes.',
    );
  });

  it('offers to sign in when the email is taken', () => {
    expect(describeError(apiError('EMAIL_TAKEN'), 'other')).toMatch(/already exists/);
  });

  it('points at the current password when the API names that field', () => {
    expect(describeError(apiError('BAD_USER_INPUT', { field: 'currentPassword' }), 'other')).toBe(
      'Your current password is not correct.',
    );
  });

  it('says an emailed link is no longer valid, whatever the API knows about why', () => {
    expect(describeError(apiError('INVALID_TOKEN', {}, 'expired'), 'other')).toBe('This link is no longer valid.');
  });

  it("shows the API's sentence about a refused new password", () => {
    const error = apiError('BAD_USER_INPUT', { field: 'newPassword' }, 'Password must be at least 8 characters');
    expect(describeError(error, 'other')).toBe('Password must be at least 8 characters');
  });

  it('says a two-factor code is not valid, and that an expired second step needs the password again', () => {
    expect(describeError(apiError('INVALID_CODE'), 'verifyMfa')).toBe('That code is not valid.');
    expect(describeError(apiError('UNAUTHENTICATED'), 'verifyMfa')).toBe(
      'The sign-in has expired; enter your password again.',
    );
  });

  it('points at the password when a two-factor change refuses it, and only there', () => {
    const wrong = apiError('BAD_USER_INPUT', { field: 'password' }, 'Wrong password');
    expect(describeError(wrong, 'confirmPassword')).toBe('Your password is not correct.');
    const tooShort = apiError('BAD_USER_INPUT', { field: 'password' }, 'Password must be at least 8 characters');
    expect(describeError(tooShort, 'other')).toBe('Password must be at least 8 characters');
  });

  it('asks to try again shortly when the service is unavailable', () => {
    expect(describeError(apiError('SERVICE_UNAVAILABLE'), 'other')).toBe(
      'The service is busy right now. Please try again in a moment.',
    );
  });

  it('reports a failure without a GraphQL answer as a connection problem', () => {
    expect(describeError(new TypeError('Failed to fetch'), 'login')).toMatch(/Could not reach the server/);
  });

  it('never shows the message of an unexpected server error', () => {
    expect(describeError(apiError('INTERNAL_SERVER_ERROR', {}, 'stack trace'), 'other')).not.toMatch(/stack/);
  });
});

describe('formatWait', () => {
  it.each([
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
  ])('formats %p seconds as %p', (seconds, text) => {
    expect(formatWait(seconds)).toBe(text);
  });
});
