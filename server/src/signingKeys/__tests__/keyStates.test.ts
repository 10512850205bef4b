import { isLive, keyStates } from '../keyStates';
import type { KeyDates, KeyState } from '../keyStates';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** ACCESS_TOKEN_TTL (15 min) plus the 60 s clock leeway, as services.ts passes it. */
const GRACE = 15 * MINUTE + MINUTE;

const at = (ms: number) => new Date(T0 + ms);

function key(generation: number, activatesAt: number | null, revokedAt: number | null = null): KeyDates {
  return {
    _id: generation,
    activatesAt: activatesAt === null ? null : at(activatesAt),
    revokedAt: revokedAt === null ? null : at(revokedAt),
  };
}

/** The state of each generation at `now` (ms after T0). */
function statesAt(records: KeyDates[], now: number, graceMs = GRACE) {
  const { keys } = keyStates(records, at(now), graceMs);
  return Object.fromEntries(keys.map(({ key: k, state }) => [k._id, state]));
}

describe('keyStates', () => {
  it('makes the highest generation that has activated current, and a key not activated yet next', () => {
    const ring = [key(1, 0), key(2, 30 * 24 * HOUR)];
    expect(statesAt(ring, HOUR)).toEqual({ 1: 'current', 2: 'next' });
    const { current, next } = keyStates(ring, at(HOUR), GRACE);
    expect(current?._id).toBe(1);
    expect(next?._id).toBe(2);
  });

  it('treats a key without an activation date as next, whatever the time', () => {
    expect(statesAt([key(1, 0), key(2, null)], 365 * 24 * HOUR)).toEqual({ 1: 'current', 2: 'next' });
  });

  it('makes a key current from the very millisecond it activates', () => {
    const ring = [key(1, 0), key(2, HOUR)];
    expect(statesAt(ring, HOUR - 1)).toEqual({ 1: 'current', 2: 'next' });
    expect(statesAt(ring, HOUR)).toEqual({ 1: 'previous', 2: 'current' });
  });

  it('keeps a superseded key previous for exactly graceMs after the higher generation activated, then retired', () => {
    const ring = [key(1, 0), key(2, HOUR)];
    expect(statesAt(ring, HOUR + GRACE - 1)).toEqual({ 1: 'previous', 2: 'current' });
    expect(statesAt(ring, HOUR + GRACE)).toEqual({ 1: 'retired', 2: 'current' });
  });

  it('counts a superseded key’s grace from the first higher generation that activated, not the latest', () => {
    // Generation 1 signed its last token when 2 took over; 3 taking over later gives it no more time.
    const ring = [key(1, 0), key(2, HOUR), key(3, HOUR + 10 * MINUTE)];
    expect(statesAt(ring, HOUR + GRACE)).toEqual({ 1: 'retired', 2: 'previous', 3: 'current' });
  });

  it('makes a revoked key revoked whatever its dates: next, current or previous', () => {
    const ring = [key(1, 0, 2 * HOUR), key(2, HOUR, 2 * HOUR), key(3, 10 * HOUR, 2 * HOUR)];
    expect(statesAt(ring, 2 * HOUR)).toEqual({ 1: 'revoked', 2: 'revoked', 3: 'revoked' });
  });

  it('leaves no current key when the top activated key is revoked: nothing older takes signing back', () => {
    const ring = [key(1, 0), key(2, HOUR, HOUR + 5 * MINUTE), key(3, 30 * 24 * HOUR)];
    const states = keyStates(ring, at(HOUR + 5 * MINUTE), GRACE);
    expect(states.current).toBeNull();
    expect(statesAt(ring, HOUR + 5 * MINUTE)).toEqual({ 1: 'previous', 2: 'revoked', 3: 'next' });
    // Generation 1 still verifies its own tokens until they are dead, but never signs again.
    expect(statesAt(ring, HOUR + GRACE)).toEqual({ 1: 'retired', 2: 'revoked', 3: 'next' });
  });

  it('names the oldest next key as next: the one a rotation promotes', () => {
    const ring = [key(1, 0), key(2, 30 * 24 * HOUR), key(3, 20 * 24 * HOUR), key(4, null)];
    expect(keyStates(ring, at(HOUR), GRACE).next?._id).toBe(2);
  });

  it('skips a revoked next key when naming next', () => {
    const ring = [key(1, 0), key(2, 30 * 24 * HOUR, HOUR), key(3, 60 * 24 * HOUR)];
    expect(keyStates(ring, at(2 * HOUR), GRACE).next?._id).toBe(3);
  });

  it('has no current and no next key in an empty ring, and never changes by itself', () => {
    expect(keyStates([], at(0), GRACE)).toEqual({ keys: [], current: null, next: null, changesAt: Infinity });
  });

  it('sets changesAt to the next transition: a next key activating', () => {
    const ring = [key(1, 0), key(2, 30 * 24 * HOUR)];
    expect(keyStates(ring, at(HOUR), GRACE).changesAt).toBe(T0 + 30 * 24 * HOUR);
  });

  it('sets changesAt to the next transition: a previous key retiring before the next one activates', () => {
    const ring = [key(1, 0), key(2, HOUR), key(3, 30 * 24 * HOUR)];
    expect(keyStates(ring, at(HOUR + MINUTE), GRACE).changesAt).toBe(T0 + HOUR + GRACE);
  });

  it('sets changesAt to Infinity when only undated next keys and revoked keys could change', () => {
    const ring = [key(1, 0), key(2, HOUR), key(3, null), key(4, 40 * 24 * HOUR, 3 * HOUR)];
    expect(keyStates(ring, at(4 * HOUR), GRACE).changesAt).toBe(Infinity);
  });

  it('changes no state between now and changesAt, and changes one at changesAt', () => {
    const ring = [key(1, 0), key(2, HOUR), key(3, 2 * HOUR), key(4, null)];
    let now = 30 * MINUTE;
    for (let step = 0; step < 4; step++) {
      const { changesAt } = keyStates(ring, at(now), GRACE);
      const before = statesAt(ring, now);
      expect(statesAt(ring, changesAt - T0 - 1)).toEqual(before);
      expect(statesAt(ring, changesAt - T0)).not.toEqual(before);
      now = changesAt - T0;
    }
    expect(keyStates(ring, at(now), GRACE).changesAt).toBe(Infinity);
  });

  it('orders keys by generation, whatever order the records come in', () => {
    const { keys } = keyStates([key(3, null), key(1, 0), key(2, HOUR)], at(2 * HOUR), GRACE);
    expect(keys.map((k) => k.key._id)).toEqual([1, 2, 3]);
  });

  it('publishes next, current and previous keys, and neither retired nor revoked ones', () => {
    const states: KeyState[] = ['next', 'current', 'previous', 'retired', 'revoked'];
    expect(states.filter(isLive)).toEqual(['next', 'current', 'previous']);
  });
});
