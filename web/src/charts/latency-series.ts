import type { Prediction } from '../api/types.ts';

/** Recent predictions as a time series for the chart: x in Unix seconds, ascending, as uPlot wants. */
export interface LatencySeries {
  readonly times: number[];
  readonly latencies: number[];
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export function latencySeries(predictions: readonly Prediction[]): LatencySeries {
  const points = predictions
    .map((p) => ({ time: Date.parse(p.at) / 1000, latency: p.latency_ms }))
    .filter((p) => Number.isFinite(p.time) && Number.isFinite(p.latency))
    .sort((a, b) => a.time - b.time);
  return { times: points.map((p) => p.time), latencies: points.map((p) => p.latency) };
}

export function summarizeLatency(latencies: readonly number[]): LatencySummary | undefined {
  if (latencies.length === 0) return undefined;
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1]! };
}

/** Linear interpolation between closest ranks (numpy's default), on sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

/** A round upper bound for the y axis with some headroom, so the scale does not jump with every new maximum. */
export function niceCeiling(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const target = max * 1.1;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  return magnitude * [1, 2, 2.5, 5, 10].find((step) => step * magnitude >= target)!;
}
