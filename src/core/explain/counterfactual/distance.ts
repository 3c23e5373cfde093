/**
 * How far a counterfactual is from the original: the L1 distance with each number divided by its
 * feature's scale, and 1 for each category that changed. The scale is the median absolute deviation
 * of the reference (Wachter et al. 2017, DiCE's default for continuous features): robust to outliers,
 * so a change of one "typical spread" costs 1 whatever the feature's unit. A feature whose MAD is 0
 * (mostly one value) falls back to its range, then to 1.
 */
export function robustScale(values: ArrayLike<number>): number {
  const present = Array.from(values).filter((v) => !Number.isNaN(v));
  if (present.length === 0) return 1;
  present.sort((a, b) => a - b);
  const median = medianOfSorted(present);
  const deviations = present.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  const mad = medianOfSorted(deviations);
  if (mad > 0) return mad;
  const range = present[present.length - 1]! - present[0]!;
  return range > 0 ? range : 1;
}

function medianOfSorted(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Cost of moving one feature from `from` to `to`: |Δ| / scale for numbers, 1 for a category (or a
 * number made missing, or filled in). `scale` is undefined for categorical features.
 */
export function changeCost(from: number | string | null, to: number | string | null, scale: number | undefined): number {
  if (from === to) return 0;
  if (scale === undefined || typeof from !== 'number' || typeof to !== 'number') return 1;
  if (Number.isNaN(from) && Number.isNaN(to)) return 0;
  if (Number.isNaN(from) || Number.isNaN(to)) return 1;
  return Math.abs(to - from) / scale;
}
