import type { SecurityEventType } from '../../__generated__/graphql';

/**
 * Each event type in words. A Record over the generated enum: a value added to the schema fails the
 * type check (after `npm run codegen`) until it is worded here.
 */
export const EVENT_LABELS: Record<SecurityEventType, string> = {
  LOGIN_SUCCEEDED: 'Signed in',
  LOGIN_FAILED: 'Wrong password entered',
  LOGOUT: 'Signed out',
  SESSION_REVOKED: 'A session was ended',
  ALL_SESSIONS_REVOKED: 'Signed out everywhere',
  PASSWORD_CHANGED: 'Password changed',
  PASSWORD_RESET_REQUESTED: 'Password reset requested',
  PASSWORD_RESET: 'Password reset with an emailed link',
  EMAIL_VERIFIED: 'Email address verified',
  REFRESH_TOKEN_REUSE: 'A session was ended: its token was used twice (possible theft)',
  MFA_ENABLED: 'Two-step verification turned on',
  MFA_DISABLED: 'Two-step verification turned off',
  RECOVERY_CODE_USED: 'Signed in with a recovery code',
  RECOVERY_CODES_REGENERATED: 'New recovery codes created',
  PASSKEY_ADDED: 'Passkey added',
  PASSKEY_REMOVED: 'Passkey removed',
  SECOND_FACTOR_FAILED: 'Right password, wrong two-step code: someone may know your password',
  SIGN_IN_BLOCKED: 'Password sign-in blocked after too many wrong codes: reset your password',
};

/** Events the owner should look at: someone may be trying, or have managed, to get in. */
const WARNINGS: ReadonlySet<SecurityEventType> = new Set<SecurityEventType>([
  'LOGIN_FAILED',
  'REFRESH_TOKEN_REUSE',
  'SECOND_FACTOR_FAILED',
  'SIGN_IN_BLOCKED',
]);

export const isWarning = (type: SecurityEventType): boolean => WARNINGS.has(type);

/** Coalesced events in words, by how many they stand for (the API keeps failures as one per address and day). */
const COUNTED: Partial<Record<SecurityEventType, (count: number) => string>> = {
  LOGIN_FAILED: (count) => `${count} failed sign-ins`,
};

/** The event in words, counting the events a coalesced one stands for. */
export function eventLabel(type: SecurityEventType, count: number): string {
  if (count <= 1) return EVENT_LABELS[type];
  return COUNTED[type]?.(count) ?? `${EVENT_LABELS[type]} (${count} times)`;
}
