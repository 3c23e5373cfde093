import type { Moments } from '../sketches/moments.ts';
import { twoSidedNormalPValue } from '../drift/pca-z-test.ts';
import { studentTTwoSidedPValue } from './student-t.ts';

/**
 * The tests that compare one KPI between two model versions serving over the same time. Both are
 * two-sided; `pValue` is null where the data cannot say (an empty side, or no spread at all).
 */
export interface TwoSampleTest {
  readonly statistic: number | null;
  readonly pValue: number | null;
}

/**
 * Two rates, k/n each: the z test with the pooled proportion under "the rates are equal" (the same
 * p-value as the chi-square test of the 2×2 table without continuity correction).
 */
export function twoProportionZTest(ka: number, na: number, kb: number, nb: number): TwoSampleTest {
  if (na <= 0 || nb <= 0) return { statistic: null, pValue: null };
  const pooled = (ka + kb) / (na + nb);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  // Both rates 0 (or both 1): nothing varies, so nothing can be told apart.
  if (!(standardError > 0)) return { statistic: null, pValue: null };
  const statistic = (kb / nb - ka / na) / standardError;
  return { statistic, pValue: twoSidedNormalPValue(statistic) };
}

/**
 * Welch's t test of two means, each side with its own variance, and the Welch–Satterthwaite degrees
 * of freedom (scipy.stats.ttest_ind(a, b, equal_var=False), with the statistic as b − a).
 */
export function welchTTest(a: Moments, b: Moments): TwoSampleTest & { readonly df: number | null } {
  if (a.count < 2 || b.count < 2) return { statistic: null, df: null, pValue: null };
  const va = a.sampleVariance / a.count;
  const vb = b.sampleVariance / b.count;
  const standardError = Math.sqrt(va + vb);
  if (!(standardError > 0)) return { statistic: null, df: null, pValue: null };
  const statistic = (b.mean - a.mean) / standardError;
  const df = ((va + vb) * (va + vb)) / ((va * va) / (a.count - 1) + (vb * vb) / (b.count - 1));
  return { statistic, df, pValue: studentTTwoSidedPValue(statistic, df) };
}
