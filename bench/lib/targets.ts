// How a target is judged, and the targets of issue 11 ("the embedded database at index
// speed") and issue 21 (`me` under ES256 as fast as under HS256) read off a finished run.
// Ratio targets live on their rows (lib/rows.ts) and are only gathered here; the throughput
// floors and the scale floor are issue 11's own.
import type { FinishedRow, Goal, ScaleLevel, ScaleRowId, Target } from './results';
import { SCALE_ROWS } from './results';

export function judge(target: Target | null | undefined, value: number | null): boolean | null {
  if (!target || value === null) return null;
  return target.op === '>=' ? value >= target.value : value <= target.value;
}

/** The req/s floors, each at its row's own concurrency. */
const REFRESH_FLOOR: Target = { op: '>=', value: 250 };
const LOGOUT_FLOOR: Target = { op: '>=', value: 100 };
/** Each scale row's req/s at the largest level over its req/s at the first. */
const SCALE_FLOOR: Target = { op: '>=', value: 0.8 };

export const SCALE_LABELS: Record<ScaleRowId, string> = {
  me: '`me`',
  sessions: '`sessions`',
  refresh: '`refreshToken`',
  logout: '`logout`',
};

function throughput({ label, median }: FinishedRow, target: Target): Goal {
  return { label, value: median.rps, unit: ' req/s', target, met: judge(target, median.rps) };
}

/** A row's own ratio target, with the verdict the main table shows. */
function ownRatio({ id, label, vsLabel, ratio, ratioUnit, target, met }: FinishedRow): Goal {
  if (!target) throw new Error(`row ${id} has no target`);
  return { label: `${label} vs ${vsLabel}`, value: ratio, unit: ratioUnit, target, met };
}

function scaled(scale: readonly ScaleLevel[], id: ScaleRowId): Goal {
  const first = scale[0];
  const last = scale.at(-1);
  const value = last && last !== first ? last.rows[id].ratio : null;
  const at = (level: ScaleLevel | undefined) => level?.sessions.toLocaleString('en-US') ?? '—';
  return {
    label: `${SCALE_LABELS[id]} req/s at ${at(last)} sessions vs at ${at(first)}`,
    value,
    unit: '',
    target: SCALE_FLOOR,
    met: judge(SCALE_FLOOR, value),
  };
}

/** The issues' targets, in their order. */
export function goals(rows: readonly FinishedRow[], scale: readonly ScaleLevel[]): Goal[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const row = (id: string) => {
    const found = byId.get(id);
    if (!found) throw new Error(`no row ${id}`);
    return found;
  };
  return [
    throughput(row('refresh'), REFRESH_FLOOR),
    ownRatio(row('refresh')),
    ...SCALE_ROWS.map((id) => scaled(scale, id)),
    ownRatio(row('login')),
    ownRatio(row('me')),
    throughput(row('logout'), LOGOUT_FLOOR),
    ownRatio(row('meEs256')),
  ];
}
