/**
 * What the dashboard shows of a deployment's latency: how many predictions it is taken over, their
 * median, 99th percentile and mean. Percentiles are nearest-rank (a value that was measured, not an
 * interpolation), so the p99 of 20 predictions is honestly their slowest one.
 */
export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
}

export function summarizeLatencies(latenciesMs: readonly number[]): LatencySummary | null {
  const values = latenciesMs.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (values.length === 0) return null;
  const rank = (q: number) => values[Math.max(0, Math.ceil(q * values.length) - 1)]!;
  const sum = values.reduce((total, v) => total + v, 0);
  return { count: values.length, p50Ms: rank(0.5), p99Ms: rank(0.99), meanMs: sum / values.length };
}
