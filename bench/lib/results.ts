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
  samples: JwtSamples;
}

export interface ScaleLevel {
  sessions: number;
  refreshTokens: number;
  me: Pick<MedianStats, 'rps' | 'p99'>;
  refresh: Pick<MedianStats, 'rps' | 'p99'>;
  errors: number;
  meRatio: number | null;
  refreshRatio: number | null;
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
  memory: Memory;
  notes: string[];
}
