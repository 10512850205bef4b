// The state of every signing key at a moment, from its dates alone (pure: no database, no clock
// of its own). The life of a key (Supabase: standby → in use → previously used → revoked):
// - next: published in the JWKS, not signing yet (activatesAt unset or still ahead);
// - current: the highest generation whose activatesAt has passed: it signs;
// - previous: superseded by a higher generation, still published and accepted until every
//   token it signed has expired (ACCESS_TOKEN_TTL plus clock leeway: `graceMs`);
// - retired: superseded longer ago than that: no token of it is still alive;
// - revoked: never accepted again, whatever its dates.
// A revoked key at the top leaves no current key: nothing older takes signing back.

export type KeyState = 'next' | 'current' | 'previous' | 'retired' | 'revoked';

export interface KeyDates {
  /** The generation (higher takes over from lower). */
  _id: number;
  activatesAt: Date | null;
  revokedAt: Date | null;
}

export interface StatedKey<K extends KeyDates> {
  key: K;
  state: KeyState;
}

export interface KeyStates<K extends KeyDates> {
  keys: Array<StatedKey<K>>;
  current: K | null;
  /** The oldest next key: the one a rotation promotes. */
  next: K | null;
  /** When some key's state changes next without any write (ms since epoch); Infinity if never. */
  changesAt: number;
}

/** Published and accepted: the JWKS holds exactly these. */
export const isLive = (state: KeyState) => state === 'next' || state === 'current' || state === 'previous';

export function keyStates<K extends KeyDates>(records: readonly K[], now: Date, graceMs: number): KeyStates<K> {
  const t = now.getTime();
  const byGeneration = [...records].sort((a, b) => a._id - b._id);
  const active = byGeneration.filter((key) => key.activatesAt !== null && key.activatesAt.getTime() <= t);
  const top = active.at(-1) ?? null;
  let changesAt = Infinity;
  const keys = byGeneration.map((key): StatedKey<K> => {
    if (key.revokedAt !== null) return { key, state: 'revoked' };
    if (key.activatesAt === null || key.activatesAt.getTime() > t) {
      if (key.activatesAt !== null) changesAt = Math.min(changesAt, key.activatesAt.getTime());
      return { key, state: 'next' };
    }
    if (key === top) return { key, state: 'current' };
    // Superseded when the first higher generation started signing: its last token was signed then.
    const supersededAt = Math.min(...active.filter((k) => k._id > key._id).map((k) => k.activatesAt!.getTime()));
    const endsAt = supersededAt + graceMs;
    if (t < endsAt) {
      changesAt = Math.min(changesAt, endsAt);
      return { key, state: 'previous' };
    }
    return { key, state: 'retired' };
  });
  const current = keys.find((k) => k.state === 'current')?.key ?? null;
  const next = keys.find((k) => k.state === 'next')?.key ?? null;
  return { keys, current, next, changesAt };
}
