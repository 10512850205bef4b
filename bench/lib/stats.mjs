// Percentiles and medians, shared by the harness and the baseline workers.

export function summarize(latenciesMs) {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);
  const round = (v) => Math.round(v * 100) / 100;
  return { p50: round(at(50)), p97_5: round(at(97.5)), p99: round(at(99)) };
}

export function median(values) {
  const finite = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
