import { radixSortFloat64 } from './radix-sort.ts';

/**
 * Values ascending, finite; weights (positive) optional — absent means every value weighs 1. A
 * weighted sample is how a quantile sketch (KLL) presents its retained items.
 *
 * Every drift statistic on numeric columns takes this shape, so a sample is sorted once and each
 * statistic walks it in a single merge-like pass (no per-element allocation on million-row columns).
 */
export interface SortedSample {
  readonly values: Float64Array;
  readonly weights?: Float64Array;
}

/** Copies the values, drops NaN and ±Infinity (missing values are counted apart), and sorts ascending. */
export function sortedSample(values: ArrayLike<number>): SortedSample {
  const finite = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (Number.isFinite(value)) finite[count++] = value;
  }
  return { values: radixSortFloat64(finite.slice(0, count)) };
}

/** Total weight: the count of an unweighted sample, the sum of the weights of a weighted one. */
export function totalWeight(sample: SortedSample): number {
  const { weights } = sample;
  if (weights === undefined) return sample.values.length;
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i] as number;
  return total;
}
