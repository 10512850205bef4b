import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { refusedField } from '../../auth/errorCodes';
import { placeError } from '../useAction';

function apiError(code: string, extensions: Record<string, unknown> = {}, message = 'developer text') {
  return new CombinedGraphQLErrors({ data: null, errors: [{ message, extensions: { code, ...extensions } }] });
}

describe('refusedField', () => {
  it('is the field a BAD_USER_INPUT names', () => {
    const refused = apiError('BAD_USER_INPUT', { field: 'newPassword', reason: 'COMMON_PASSWORD' });

    expect(refusedField(refused)).toBe('newPassword');
  });

  it('is null for another code, even one that names a field, and for a BAD_USER_INPUT that names none', () => {
    expect(refusedField(apiError('RATE_LIMITED', { field: 'password' }))).toBeNull();
    expect(refusedField(apiError('BAD_USER_INPUT'))).toBeNull();
    expect(refusedField(new Error('offline'))).toBeNull();
  });
});

describe('placeError', () => {
  const TOO_COMMON = 'This password is too common: it is one of the first that attackers try.';

  it('puts a refusal of the field beside it, and nothing above the form', () => {
    expect(placeError({ error: TOO_COMMON, errorField: 'newPassword' }, 'newPassword')).toEqual({
      aboveForm: null,
      besideField: { field: 'newPassword', message: TOO_COMMON },
    });
  });

  it('keeps any other error above the form', () => {
    const wrong = 'Your current password is not correct.';

    expect(placeError({ error: wrong, errorField: 'currentPassword' }, 'newPassword')).toEqual({
      aboveForm: wrong,
      besideField: null,
    });
    expect(placeError({ error: 'Too many attempts.', errorField: null }, 'newPassword')).toEqual({
      aboveForm: 'Too many attempts.',
      besideField: null,
    });
    expect(placeError({ error: null, errorField: null }, 'newPassword')).toEqual({
      aboveForm: null,
      besideField: null,
    });
  });
});
