// The shape of bench/results/<timestamp>.json: what the run writes and the report reads.
import type { ProbeStats } from '../eventLoopProbe';
import type { RoundStats } from './stats';
import type { JwtSamples } from './tasks';

export interface Target {
  op: '>=' | '<=';
  value: number;
}

export const MEDIAN_KEYS = ['rps', 'p50', 'p97_5', 'p99', 'eventLoopP99Ms', 'loginRps'] as const;
export type MedianStats = Record<(typeof MEDIAN_KEYS)[number], number | null>;

/** A row with its target judged: `met` is null when the row has no target or no ratio. */
export interface Judged {
  ratio: number | null;
  target: Target | null;
  met: boolean | null;
}

export interface FinishedRow extends Judged {
  id: string;
  label: string;
  rounds: RoundStats[];
  warmup: RoundStats | null;
  median: MedianStats;
  errors: number;
  baseline: string | null;
  vsLabel: string;
  ratioUnit: string;
}

export interface JwtRow extends Judged {
  label: string;
  ops: number | null;
  /** The verifier `ratio` is over. */
  vsLabel: string;
  samples: JwtSamples;
}

/** The main rows measured again at each scale level, by id, in the order they run there. */
export const SCALE_ROWS = ['me', 'sessions', 'refresh', 'logout'] as const;
export type ScaleRowId = (typeof SCALE_ROWS)[number];

export interface ScaleCell extends Pick<MedianStats, 'rps' | 'p99'> {
  /** req/s over the same row's at the first level. */
  ratio: number | null;
}

export interface ScaleLevel {
  /** Sessions in the database (`rows.sessions` is the `sessions` query). */
  sessions: number;
  refreshTokens: number;
  rows: Record<ScaleRowId, ScaleCell>;
  errors: number;
}

/** One of the targets, judged on a value this run measured. */
export interface Goal {
  label: string;
  value: number | null;
  /** How `value` reads: a ratio ('', '×') or ' req/s'. */
  unit: string;
  target: Target;
  met: boolean | null;
}

export interface MemoryPoint extends Omit<ProbeStats, 'probe'> {
  label: string;
}

export interface Memory {
  how: string;
  logins: number;
  sweepCount: number;
  errors: number;
  points: MemoryPoint[];
}

export interface Meta {
  date: string;
  smoke: boolean;
  node: string;
  platform: string;
  cpuModel: string;
  cpus: number;
  uvThreadpoolSize: string;
  database: string;
  cpuPlacement: string;
  connections: number;
  loginConcurrency: number;
  duration: number;
  slowDuration: number | string;
  rounds: number;
  warmup: boolean;
  loadAverageStart: string;
  loadAverageEnd: string;
  seconds: number;
  seeding: string;
}

export interface Results {
  meta: Meta;
  rows: FinishedRow[];
  jwt: JwtRow[];
  scale: ScaleLevel[];
  goals: Goal[];
  memory: Memory;
  notes: string[];
}
