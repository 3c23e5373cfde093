import { roundHalfToEven, clampProbability } from './binary-scaling.ts';
import { probabilityOutsideBand, probabilityOutsideSquare } from './ks-exact.ts';
import { kolmogorovSf } from './kolmogorov-distribution.ts';
import { totalWeight, type SortedSample } from './sorted-sample.ts';

export interface KsResult {
  /** Largest vertical distance between the two (weighted) empirical CDFs, in [0, 1]. */
  statistic: number;
  /** Two-sided p-value under the hypothesis that both samples come from one continuous distribution. */
  pValue: number;
  method: 'exact' | 'asymp';
}

/** Above this size scipy's ks_2samp (method='auto') stops computing the exact distribution. */
const MAX_EXACT_SIZE = 10000;

/**
 * Two-sample two-sided Kolmogorov–Smirnov test.
 *
 * Unweighted samples give the statistic and p-value of scipy.stats.ks_2samp(a, b) with its
 * defaults: exact (lattice paths) when both sizes are at most 10,000, else asymptotic; when the
 * exact computation fails numerically it falls back to asymptotic, as scipy does.
 *
 * Weighted samples (quantile-sketch items) give the sup distance between the weighted ECDFs and
 * the asymptotic p-value for the true sample sizes, `options.sizes` (default: the total weights).
 *
 * An empty sample carries no evidence: the result is statistic 0, p-value 1 (method 'exact');
 * callers that must tell "no data" from "no drift" check the sizes first. Two samples of one
 * identical value likewise give 0 and 1.
 */
export function ksTwoSample(a: SortedSample, b: SortedSample, options?: { sizes?: readonly [number, number] }): KsResult {
  if (a.values.length === 0 || b.values.length === 0) return { statistic: 0, pValue: 1, method: 'exact' };
  const weighted = a.weights !== undefined || b.weights !== undefined;
  const statistic = ecdfSupDistance(a, b);
  if (weighted) {
    const n1 = options?.sizes?.[0] ?? totalWeight(a);
    const n2 = options?.sizes?.[1] ?? totalWeight(b);
    return { statistic, pValue: asymptoticPValue(statistic, n1, n2), method: 'asymp' };
  }
  const n1 = a.values.length;
  const n2 = b.values.length;
  if (Math.max(n1, n2) <= MAX_EXACT_SIZE) {
    const exact = exactPValue(statistic, n1, n2);
    if (exact !== undefined) return { statistic: exact.statistic, pValue: exact.pValue, method: 'exact' };
  }
  return { statistic, pValue: asymptoticPValue(statistic, n1, n2), method: 'asymp' };
}

/**
 * max |F_a(x) - G_b(x)| over every x in either sample, ECDFs taken after all ties at x, in one
 * merge pass over the two sorted arrays.
 */
function ecdfSupDistance(a: SortedSample, b: SortedSample): number {
  const av = a.values;
  const bv = b.values;
  const aw = a.weights;
  const bw = b.weights;
  const aTotal = totalWeight(a);
  const bTotal = totalWeight(b);
  let i = 0;
  let j = 0;
  let aCumulative = 0;
  let bCumulative = 0;
  let maxAbove = 0;
  let maxBelow = 0;
  while (i < av.length || j < bv.length) {
    const x = i < av.length ? (j < bv.length ? Math.min(av[i] as number, bv[j] as number) : (av[i] as number)) : (bv[j] as number);
    for (; i < av.length && av[i] === x; i++) aCumulative += aw === undefined ? 1 : (aw[i] as number);
    for (; j < bv.length && bv[j] === x; j++) bCumulative += bw === undefined ? 1 : (bw[j] as number);
    // Unweighted, the ECDF is count/size, exactly as scipy forms it, so the statistic matches bit for bit.
    const difference = aCumulative / aTotal - bCumulative / bTotal;
    if (difference > maxAbove) maxAbove = difference;
    if (-difference > maxBelow) maxBelow = -difference;
  }
  return Math.min(Math.max(maxAbove, maxBelow), 1);
}

function exactPValue(statistic: number, n1: number, n2: number): { statistic: number; pValue: number } | undefined {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  // The statistic is a multiple of 1/lcm; snapping it removes rounding from the ECDF differences.
  const h = roundHalfToEven(statistic * lcm);
  const snapped = h / lcm;
  if (h === 0) return { statistic: snapped, pValue: 1 };
  const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
  if (!(p >= 0 && p <= 1)) return undefined;
  return { statistic: snapped, pValue: p };
}

/** Smirnov's limit: the one-sample Kolmogorov distribution at the effective size n1·n2/(n1+n2). */
function asymptoticPValue(statistic: number, n1: number, n2: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const effectiveSize = roundHalfToEven((m * n) / (m + n));
  if (effectiveSize < 1) return 1;
  return clampProbability(kolmogorovSf(effectiveSize, statistic));
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
