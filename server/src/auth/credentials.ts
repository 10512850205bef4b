// Validation and normalisation of what users type (ASVS 2.1, NIST 800-63B §5.1.1.2).
// Each function returns the clean value or throws BAD_USER_INPUT naming the field; a refused
// new password also says why (`extensions.reason`).
import { BadUserInputError, Message, PasswordRefusal } from '../errors';
import { commonPasswords } from './commonPasswords';

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

/** A new password's length: NFKC-normalised so look-alike forms of one password match. */
export function validateNewPassword(raw: string, field = 'password'): string {
  const password = raw.normalize('NFKC');
  if ([...password].length < PASSWORD_MIN_CHARS) {
    throw new BadUserInputError(Message.PASSWORD_TOO_SHORT(PASSWORD_MIN_CHARS), field, PasswordRefusal.TOO_SHORT);
  }
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    throw new BadUserInputError(Message.PASSWORD_TOO_LONG(PASSWORD_MAX_BYTES), field, PasswordRefusal.TOO_LONG);
  }
  return password;
}

/** Who a new password is for: what it must not contain. */
export interface PasswordOwner {
  email: string;
  name: string | null;
}

/** How often a password was seen in breaches; null when the check could not answer (auth/breachedPasswords.ts). */
export interface BreachCheck {
  timesSeen(password: string): Promise<number | null>;
}

/** Shorter parts of an email or a name (`al`, `bo`) are inside too many good passwords to refuse. */
const PERSONAL_MIN_CHARS = 4;

/**
 * The context-specific words of an account (ASVS 5.0 V6.2.11): the email's local part and the
 * name, whole, without spaces and word by word, lower-cased. The email's domain is not one.
 */
function personalWords({ email, name }: PasswordOwner): string[] {
  const parts = [email.slice(0, email.lastIndexOf('@')), name ?? ''].map((part) => part.toLowerCase());
  const words = parts.flatMap((part) => [part, part.replace(/\s+/gu, ''), ...part.split(/[^\p{L}\p{N}]+/u)]);
  return words.filter((word) => [...word].length >= PERSONAL_MIN_CHARS);
}

export type PasswordScreen = (raw: string, owner: PasswordOwner, field?: string) => Promise<string>;

/**
 * The one rule for every new password (register, changePassword, resetPassword): its length, not
 * a common password, not the owner's email or name, not breached (OWASP ASVS 5.0 V6.2.1, V6.2.4,
 * V6.2.11, V6.2.12; NIST SP 800-63B §5.1.1.2, which also asks to say why a password is refused).
 * Compared after NFKC and case-folding, since `Password1` is the first variant a cracker tries of
 * `password1`; the password kept is the NFKC form, never case-folded (ASVS 5.0 V6.2.8). The breach
 * check, a request out, comes last: a password the free rules refuse costs none.
 */
export function createPasswordScreen(breaches: BreachCheck | null): PasswordScreen {
  commonPasswords(); // loaded when the services are wired, not by the first sign-up
  return async function screenNewPassword(raw, owner, field = 'password') {
    const password = validateNewPassword(raw, field);
    const folded = password.toLowerCase();
    if (commonPasswords().has(folded)) {
      throw new BadUserInputError(Message.PASSWORD_COMMON, field, PasswordRefusal.COMMON_PASSWORD);
    }
    if (personalWords(owner).some((word) => folded.includes(word))) {
      throw new BadUserInputError(Message.PASSWORD_PERSONAL, field, PasswordRefusal.CONTAINS_PERSONAL_INFO);
    }
    if (breaches && ((await breaches.timesSeen(password)) ?? 0) > 0) {
      throw new BadUserInputError(Message.PASSWORD_BREACHED, field, PasswordRefusal.BREACHED);
    }
    return password;
  };
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
