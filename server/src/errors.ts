// Every error code a client can see, in one place. Clients switch on
// `extensions.code`, never on message text; anything not listed here is masked
// as INTERNAL_SERVER_ERROR (see graphql/formatError.ts).
import { GraphQLError } from 'graphql';
import type { Viewer } from './context';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  RATE_LIMITED: 'RATE_LIMITED',
  FORBIDDEN: 'FORBIDDEN',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Apollo's own codes for requests refused before execution; safe to show. */
export const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export const PUBLIC_CODES = new Set<string>([...Object.values(ErrorCode), ...APOLLO_REQUEST_CODES]);

export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'Not authenticated') {
    super(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 200 } } });
  }
}

/** One message for unknown email and wrong password (ASVS 2.2, no account enumeration). */
export class InvalidCredentialsError extends UnauthenticatedError {
  constructor() {
    super('Wrong email or password');
  }
}

export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: string) {
    super(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) } });
  }
}

export class EmailTakenError extends GraphQLError {
  constructor() {
    super('An account with this email already exists', { extensions: { code: ErrorCode.EMAIL_TAKEN, field: 'email' } });
  }
}

export class RateLimitedError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} seconds`, {
      extensions: { code: ErrorCode.RATE_LIMITED, retryAfter: retryAfterSeconds },
    });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(message = 'Not allowed') {
    super(message, { extensions: { code: ErrorCode.FORBIDDEN } });
  }
}

/** The database could not be reached in time: a clear, retryable failure rather than a hang. */
export class ServiceUnavailableError extends GraphQLError {
  constructor() {
    super('The service is temporarily unavailable; try again shortly', {
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
    });
  }
}

/** The only way a resolver turns "no valid access token" into UNAUTHENTICATED. */
export async function requireViewer(ctx: { viewer(): Promise<Viewer | null> }): Promise<Viewer> {
  const viewer = await ctx.viewer();
  if (!viewer) throw new UnauthenticatedError('Access token is missing, invalid, expired or revoked');
  return viewer;
}
