// Validation and normalisation of what users type (ASVS 2.1, NIST 800-63B §5.1.1.2).
// Each function returns the clean value or throws BAD_USER_INPUT naming the field.
import { BadUserInputError, Message } from '../errors';

export const PASSWORD_MIN_CHARS = 8;
/** bcrypt's input limit: longer passwords would be silently truncated. */
export const PASSWORD_MAX_BYTES = 72;
const EMAIL_MAX = 254;
const NAME_MAX = 100;
/** Login accepts any stored password; this only bounds the work done on junk. */
const LOGIN_PASSWORD_MAX_CHARS = 1024;

// Control and format characters (zero-width, bidi marks) have no place in an email or a name.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

export function normalizeEmail(raw: string): string {
  const email = raw.normalize('NFKC').trim().toLowerCase();
  if (email.length === 0 || email.length > EMAIL_MAX || INVISIBLE.test(email) || !EMAIL_SHAPE.test(email)) {
    throw new BadUserInputError(Message.INVALID_EMAIL, 'email');
  }
  return email;
}

/** A new password: NFKC-normalised so look-alike forms of one password match. */
export function validateNewPassword(raw: string, field = 'password'): string {
  const password = raw.normalize('NFKC');
  if ([...password].length < PASSWORD_MIN_CHARS) {
    throw new BadUserInputError(Message.PASSWORD_TOO_SHORT(PASSWORD_MIN_CHARS), field);
  }
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    throw new BadUserInputError(Message.PASSWORD_TOO_LONG(PASSWORD_MAX_BYTES), field);
  }
  return password;
}

export function normalizeLoginPassword(raw: string, field = 'password'): string {
  if (raw.length === 0 || raw.length > LOGIN_PASSWORD_MAX_CHARS) {
    throw new BadUserInputError(Message.PASSWORD_REQUIRED, field);
  }
  return raw.normalize('NFKC');
}

export function normalizeName(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const name = raw.normalize('NFKC').trim();
  if (name.length > NAME_MAX) throw new BadUserInputError(Message.NAME_TOO_LONG(NAME_MAX), 'name');
  if (INVISIBLE.test(name)) throw new BadUserInputError(Message.NAME_INVISIBLE, 'name');
  return name === '' ? null : name;
}
