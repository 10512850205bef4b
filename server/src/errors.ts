// The catalogue of everything a client can read in an error: the codes
// (`extensions.code`, what a client switches on; one code, one meaning) and the
// messages, each written once. Anything not listed here is masked as
// INTERNAL_SERVER_ERROR (graphql/formatError.ts). A new code is one line in
// ErrorCode and one in Message; `PublicError` carries it without a new class.
// Who owns the sentences: the server's `Message` catalogue is written for people and
// any client may show it as is. The web app shows its own words keyed by
// `extensions.code` (and `extensions.field`), and shows the server's message only where
// the code alone does not name the cause: BAD_USER_INPUT, PASSKEY_REFUSED, FORBIDDEN
// (client/src/auth/errorCodes.ts says the same).
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';

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
  /** Adding a sign-in method (passkey, TOTP) waits until the address is confirmed (pre-hijacking: ASVS 5.0 V6.4.3). */
  EMAIL_NOT_VERIFIED: 'EMAIL_NOT_VERIFIED',
  /** A passkey ceremony refused (unknown, expired, replayed, failed check): never "token expired". */
  PASSKEY_REFUSED: 'PASSKEY_REFUSED',
  /** Too many wrong second-factor codes in a row: the password must be reset (passkeys still sign in). */
  PASSWORD_RESET_REQUIRED: 'PASSWORD_RESET_REQUIRED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Why a new password was refused (`extensions.reason` of BAD_USER_INPUT): a client may show its
 * own words for each (a strength meter does). The rule is auth/credentials.ts.
 */
export const PasswordRefusal = {
  TOO_SHORT: 'TOO_SHORT',
  TOO_LONG: 'TOO_LONG',
  COMMON_PASSWORD: 'COMMON_PASSWORD',
  CONTAINS_PERSONAL_INFO: 'CONTAINS_PERSONAL_INFO',
  BREACHED: 'BREACHED',
} as const;
export type PasswordRefusal = (typeof PasswordRefusal)[keyof typeof PasswordRefusal];

export const Message = {
  /** One message for unknown email and wrong password (OWASP Authentication cheat sheet: no account enumeration). */
  INVALID_CREDENTIALS: 'Wrong email or password',
  ACCESS_TOKEN_REFUSED: 'Access token is missing, invalid, expired or revoked',
  REFRESH_REFUSED: 'Refresh token is missing, expired or revoked',
  ACCOUNT_GONE: 'Account no longer exists',
  NOT_YOUR_SESSION: 'No such session of yours',
  /** `_entities`: another account shows its id and name, nothing else. */
  OWNER_ONLY: "Only the account's owner can read this field",
  TOO_MANY_REPRESENTATIONS: (max: number) => `At most ${max} representations per request`,
  /** `_service { sdl }` where introspection is off: it is federation's introspection. */
  SUBGRAPH_SDL_OFF: 'The subgraph SDL (_service) is off where introspection is off',
  EMAIL_TAKEN: 'An account with this email already exists',
  CURRENT_PASSWORD_WRONG: 'Current password is wrong',
  INVALID_EMAIL: 'Enter a valid email address',
  PASSWORD_REQUIRED: 'Enter your password',
  PASSWORD_TOO_SHORT: (min: number) => `Password must be at least ${min} characters`,
  PASSWORD_TOO_LONG: (maxBytes: number) => `Password must be at most ${maxBytes} bytes`,
  PASSWORD_COMMON: 'This password is too common: it is one of the first that attackers try',
  PASSWORD_PERSONAL: 'This password contains your email address or name, which attackers try first: choose another',
  PASSWORD_BREACHED: 'This password has appeared in a data breach, so attackers try it: choose another',
  NAME_TOO_LONG: (max: number) => `Name must be at most ${max} characters`,
  NAME_INVISIBLE: 'Name contains invisible characters',
  PAGE_SIZE: (max: number) => `first must be from 1 to ${max}`,
  RATE_LIMITED: (seconds: number) => `Too many attempts; try again in ${seconds} seconds`,
  FORBIDDEN: 'Not allowed',
  /** One message whatever the cause: unknown, expired, used or superseded. */
  INVALID_TOKEN: 'This link is no longer valid; ask for a new one',
  TOKEN_REQUIRED: 'The link has no token',
  MFA_REQUIRED: 'Enter the code from your authenticator app to finish signing in',
  /** One message whatever the cause: wrong, already used or expired. */
  INVALID_CODE: 'That code is not valid',
  CODE_REQUIRED: 'Enter a code from your authenticator app, or a recovery code',
  PASSWORD_WRONG: 'Password is wrong',
  MFA_NOT_STARTED: 'Start the setup first',
  MFA_ALREADY_ON: 'Two-factor authentication is already on',
  MFA_OFF: 'Two-factor authentication is not on',
  MFA_LOGIN_EXPIRED: 'The sign-in has expired; enter your password again',
  PASSWORD_RESET_REQUIRED:
    'Too many wrong codes were entered after your password: reset your password (or sign in with a passkey)',
  REAUTHENTICATION_REQUIRED: 'Enter your password again to continue',
  EMAIL_NOT_VERIFIED:
    'Confirm your email address first: open the link we mailed you, or ask for a new one from your account page',
  /** A password change that lost to another change or a reset of the same password: its session has ended too. */
  PASSWORD_CHANGED_MEANWHILE: 'The password was changed meanwhile; sign in with the new one',
  PASSKEY_UNKNOWN: "This passkey isn't registered here",
  /** Expired, already used, or started in another browser: the user starts over either way. */
  PASSKEY_EXPIRED: 'The request expired, try again',
  PASSKEY_FAILED: "The passkey couldn't be verified, try again",
  PASSKEY_COUNTER:
    'This passkey reported an older use count than before, so it may have been copied: sign in another way and remove it',
  PASSKEY_ALREADY_REGISTERED: 'This passkey is already registered',
  PASSKEY_LIMIT: (max: number) => `You can have at most ${max} passkeys; remove one first`,
  PASSKEY_RESPONSE: "response must be the authenticator's answer, a JSON object",
  NOT_YOUR_PASSKEY: 'No such passkey of yours',
  PASSKEYS_OFF:
    'Passkeys are not available: the app is served from an IP address, and browsers allow them only on a domain',
  TOKEN_TOO_LONG: (max: number) => `A token is at most ${max} characters`,
  ONE_AUTH_FIELD: (fields: string) => `Only one of ${fields} may run per operation`,
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable; try again shortly',
  INTERNAL: 'Internal server error',
  BODY_TOO_LARGE: 'Request body is too large',
  BODY_NOT_JSON: 'Request body is not valid JSON',
} as const;

/** Apollo's own codes for requests refused before execution; safe to show. */
export const APOLLO_REQUEST_CODES: ReadonlySet<string> = new Set([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
]);

export const PUBLIC_CODES: ReadonlySet<string> = new Set<string>([
  ...Object.values(ErrorCode),
  ...APOLLO_REQUEST_CODES,
]);

/** An error a client may see: a catalogued code, a catalogued message, optional extensions. */
export class PublicError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export class UnauthenticatedError extends PublicError {
  constructor(message: string = Message.ACCESS_TOKEN_REFUSED) {
    super(ErrorCode.UNAUTHENTICATED, message, { http: { status: 200 } });
  }
}

export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    super(Message.INVALID_CREDENTIALS);
  }
}

export class BadUserInputError extends PublicError {
  constructor(message: string, field?: string, reason?: PasswordRefusal) {
    super(ErrorCode.BAD_USER_INPUT, message, { ...(field ? { field } : {}), ...(reason ? { reason } : {}) });
  }
}

export class EmailTakenError extends PublicError {
  constructor() {
    super(ErrorCode.EMAIL_TAKEN, Message.EMAIL_TAKEN, { field: 'email' });
  }
}

export class RateLimitedError extends PublicError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, Message.RATE_LIMITED(retryAfterSeconds), { retryAfter: retryAfterSeconds });
  }
}

export class ForbiddenError extends PublicError {
  constructor(message: string = Message.FORBIDDEN) {
    super(ErrorCode.FORBIDDEN, message);
  }
}

/** A passkey ceremony refused; the message says why (the code alone never means "refresh and retry"). */
export class PasskeyRefusedError extends PublicError {
  constructor(message: string) {
    super(ErrorCode.PASSKEY_REFUSED, message);
  }
}

/** An emailed token that is unknown, expired, already used or superseded. */
export class InvalidTokenError extends PublicError {
  constructor() {
    super(ErrorCode.INVALID_TOKEN, Message.INVALID_TOKEN);
  }
}

/** Login step 1 passed; the second factor is needed (verifyMfa). */
export class MfaRequiredError extends PublicError {
  constructor() {
    super(ErrorCode.MFA_REQUIRED, Message.MFA_REQUIRED);
  }
}

/** A TOTP or recovery code that is wrong, already used or expired. */
export class InvalidCodeError extends PublicError {
  constructor() {
    super(ErrorCode.INVALID_CODE, Message.INVALID_CODE);
  }
}

/** The account's address is not confirmed yet, and the operation adds a way to sign in. */
export class EmailNotVerifiedError extends PublicError {
  constructor() {
    super(ErrorCode.EMAIL_NOT_VERIFIED, Message.EMAIL_NOT_VERIFIED);
  }
}

/** The database or the password hasher is overloaded: a clear, retryable failure rather than a hang. */
export class ServiceUnavailableError extends PublicError {
  constructor() {
    super(ErrorCode.SERVICE_UNAVAILABLE, Message.SERVICE_UNAVAILABLE);
  }
}
