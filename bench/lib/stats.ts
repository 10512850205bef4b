// The one percentile definition (nearest rank) and medians, shared by the harness,
// the baseline workers and the hardening suite.

/** The smallest value with at least p % of the values at or below it; 0 for none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export interface Latencies {
  p50: number;
  p97_5: number;
  p99: number;
}

export function summarize(latenciesMs: readonly number[]): Latencies {
  const at = (p: number) => Math.round(percentile(latenciesMs, p) * 100) / 100;
  return { p50: at(50), p97_5: at(97.5), p99: at(99) };
}

/** What one round of a row measured: an autocannon run or a baseline worker's pool. */
export interface RoundStats extends Latencies {
  rps: number;
  errors: number;
  count: number;
  eventLoopP99Ms?: number;
  loginRps?: number;
  firstFailure?: string;
  non2xx?: number;
}

export function median(values: readonly (number | null | undefined)[]): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
