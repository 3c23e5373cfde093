import { studentTQuantile } from './student-t.ts';

/** The 97.5% quantile of the standard normal (scipy.stats.norm.ppf(0.975)): a two-sided 95% interval. */
export const Z_975 = 1.959963984540054;

/** A 95% confidence interval of b − a. */
export interface DifferenceInterval {
  readonly low: number;
  readonly high: number;
  readonly level: 0.95;
}

/** One side of a mean's comparison: count, mean and sample variance (n − 1 in the denominator). */
export interface MeanSide {
  readonly count: number;
  readonly mean: number;
  readonly sampleVariance: number;
}

/**
 * The difference of two rates kb/nb − ka/na with the unpooled (Wald) interval, each rate bringing its
 * own variance: under "the rates differ" there is no common rate to pool, unlike the z test's p-value,
 * which is computed under "they are equal" (statsmodels' confint_proportions_2indep, method='wald').
 * Null where it cannot be built: an empty side, or no spread on either side (both rates 0 or 1).
 */
export function rateDifferenceInterval(ka: number, na: number, kb: number, nb: number): DifferenceInterval | null {
  if (na <= 0 || nb <= 0) return null;
  const pa = ka / na;
  const pb = kb / nb;
  const standardError = Math.sqrt((pa * (1 - pa)) / na + (pb * (1 - pb)) / nb);
  if (!(standardError > 0)) return null;
  const difference = pb - pa;
  return { low: difference - Z_975 * standardError, high: difference + Z_975 * standardError, level: 0.95 };
}

/**
 * The difference of two means b − a with Welch's t interval: each side's own variance and the
 * Welch–Satterthwaite degrees of freedom, the same as the Welch test's p-value beside it
 * (statsmodels' CompareMeans.tconfint_diff(usevar='unequal')). Null with fewer than two values on a
 * side or no spread at all.
 */
export function meanDifferenceInterval(a: MeanSide, b: MeanSide): DifferenceInterval | null {
  if (a.count < 2 || b.count < 2) return null;
  const va = a.sampleVariance / a.count;
  const vb = b.sampleVariance / b.count;
  const standardError = Math.sqrt(va + vb);
  if (!(standardError > 0)) return null;
  const df = ((va + vb) * (va + vb)) / ((va * va) / (a.count - 1) + (vb * vb) / (b.count - 1));
  const half = studentTQuantile(0.975, df) * standardError;
  const difference = b.mean - a.mean;
  return { low: difference - half, high: difference + half, level: 0.95 };
}
