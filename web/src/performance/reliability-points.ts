import type { Calibration } from '../api/performance-types.ts';

/**
 * The reliability diagram's dots: each bin's mean predicted score (x) against the share of its
 * predictions that turned out positive (y), its area growing with how many labelled predictions
 * the bin holds, so a far-off dot from a handful of rows does not shout like one from thousands.
 */
export interface ReliabilityDot {
  readonly binStart: number;
  readonly binEnd: number;
  readonly score: number;
  readonly observed: number;
  readonly count: number;
  /** observed − score: above zero the model under-predicts the positive class, below it over-predicts. */
  readonly gap: number;
  /** Radius in pixels, MIN_RADIUS..MAX_RADIUS by the square root of the count (area ∝ count). */
  readonly radius: number;
}

const MIN_RADIUS = 3;
const MAX_RADIUS = 10;

export function reliabilityDots(calibration: Calibration): ReliabilityDot[] {
  const points = calibration.points.filter((p) => p.count > 0 && Number.isFinite(p.mean_score) && Number.isFinite(p.observed_rate));
  const largest = Math.max(0, ...points.map((p) => p.count));
  return points
    .map((p) => ({
      binStart: p.bin_start,
      binEnd: p.bin_end,
      score: p.mean_score,
      observed: p.observed_rate,
      count: p.count,
      gap: p.observed_rate - p.mean_score,
      radius: MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(p.count / largest),
    }))
    .sort((a, b) => a.binStart - b.binStart);
}
