import { isEnumType } from 'graphql';
import { repositorySchema } from '../../../testing/schema';
import { EVENT_LABELS, eventLabel, isWarning } from '../securityEvents';

/** The values of `enum SecurityEventType` in the schema the API serves. */
function schemaEventTypes(): string[] {
  const type = repositorySchema().getType('SecurityEventType');
  if (!isEnumType(type)) throw new Error('schema.graphql has no enum SecurityEventType');
  return type.getValues().map(({ name }) => name);
}

describe('EVENT_LABELS', () => {
  // guards: the type check holds the map to the generated enum; this holds it to the schema itself
  it('words every event type of the schema, and nothing else', () => {
    const types = schemaEventTypes();
    expect(types.length).toBeGreaterThanOrEqual(16);
    expect(Object.keys(EVENT_LABELS).sort()).toEqual([...types].sort());
  });

  it('gives each type its own sentence', () => {
    const labels = Object.values(EVENT_LABELS);
    expect(new Set(labels).size).toBe(labels.length);
    expect(EVENT_LABELS.LOGIN_SUCCEEDED).toBe('Signed in');
    expect(EVENT_LABELS.LOGIN_FAILED).toBe('Wrong password entered');
  });
});

describe('isWarning', () => {
  it('flags a wrong password or code, a blocked sign-in and a reused refresh token, and only those', () => {
    const flagged = (Object.keys(EVENT_LABELS) as (keyof typeof EVENT_LABELS)[]).filter(isWarning);
    expect(flagged.sort()).toEqual(['LOGIN_FAILED', 'REFRESH_TOKEN_REUSE', 'SECOND_FACTOR_FAILED', 'SIGN_IN_BLOCKED']);
  });
});

// guards: issue 19 item 10 — a coalesced event says how many it stands for.
describe('eventLabel', () => {
  it('counts coalesced failures ("3 failed sign-ins") and words a single event as EVENT_LABELS does', () => {
    expect(eventLabel('LOGIN_FAILED', 3)).toBe('3 failed sign-ins');
    expect(eventLabel('PASSWORD_RESET_REQUESTED', 2)).toBe('Password reset requested (2 times)');
    expect(eventLabel('LOGIN_FAILED', 1)).toBe(EVENT_LABELS.LOGIN_FAILED);
    expect(eventLabel('PASSWORD_CHANGED', 1)).toBe(EVENT_LABELS.PASSWORD_CHANGED);
  });
});
