import { binCounts } from './bin-edges.ts';
import { binLabels } from './bin-labels.ts';
import type { DistributionPlot } from './drift-report.ts';
import { totalWeight, type SortedSample } from './sorted-sample.ts';

/**
 * The bins a numeric column is drawn on. The drift tests bin on the reference's deciles (PSI and
 * Jensen–Shannon need every reference bin filled), but drawn on those bins the reference is ten flat
 * 10% bars whatever its shape. For the eye, both sides go on equal-width bins over their common range:
 * about PLOT_BINS of them, at round edges (steps of 1, 2, 2.5 or 5 times a power of ten), between the
 * lower of the two 1st percentiles and the higher of the two 99th, so one far outlier does not squeeze
 * the rest into a single bar; the open outer bins hold the tails.
 */
const PLOT_BINS = 20;
const TAIL = 0.01;

export function plotDistribution(reference: SortedSample, current: SortedSample, bins = PLOT_BINS): DistributionPlot {
  const edges = plotEdges(reference, current, bins);
  return {
    bins: binLabels(edges),
    edges,
    reference: Array.from(binCounts(reference, edges)),
    current: Array.from(binCounts(current, edges)),
  };
}

/** Interior edges (the outer bins are open), equally spaced at a round step; [] when all values are one. */
export function plotEdges(reference: SortedSample, current: SortedSample, bins = PLOT_BINS): number[] {
  const sides = [reference, current].filter((s) => s.values.length > 0);
  if (sides.length === 0) return [];
  let low = Math.min(...sides.map((s) => quantile(s, TAIL)));
  let high = Math.max(...sides.map((s) => quantile(s, 1 - TAIL)));
  if (!(high > low)) {
    low = Math.min(...sides.map((s) => s.values[0]!));
    high = Math.max(...sides.map((s) => s.values[s.values.length - 1]!));
    if (!(high > low)) return [];
  }
  const step = roundStep((high - low) / bins);
  const start = Math.floor(low / step) * step;
  const edges: number[] = [];
  for (let k = 0; ; k++) {
    // Rounded to 12 digits, so 0.1 steps read 0.3, not 0.30000000000000004.
    const edge = Number((start + k * step).toPrecision(12));
    edges.push(edge);
    if (edge >= high) break;
  }
  return edges;
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above `raw`. */
export function roundStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw * (1 - 1e-12)) return m * power;
  return 10 * power;
}

/** The smallest value whose cumulative share reaches q (numpy's 'inverted_cdf'), weighted or not. */
function quantile(sample: SortedSample, q: number): number {
  const { values, weights } = sample;
  if (weights === undefined) return values[Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1))]!;
  const target = q * totalWeight(sample);
  let cumulative = 0;
  for (let i = 0; i < values.length; i++) {
    cumulative += weights[i]!;
    if (cumulative >= target) return values[i]!;
  }
  return values[values.length - 1]!;
}
