import type { SortedSample } from './sorted-sample.ts';
import { totalWeight } from './sorted-sample.ts';

/**
 * Default threshold of the normalised Wasserstein distance: drift when the mean transport
 * distance exceeds a tenth of the reference's standard deviation. This is Ballast's effect size
 * for numeric columns (the KS p-value says "different", this says "different enough to matter").
 */
export const WASSERSTEIN_NORM_DEFAULT_THRESHOLD = 0.1;

/**
 * The 1-Wasserstein (earth mover's) distance between two one-dimensional (weighted) samples,
 * the area between their CDFs: scipy.stats.wasserstein_distance(u, v, u_weights, v_weights).
 * One merge pass over both sorted samples. 0 when either sample is empty (no evidence).
 */
export function wassersteinDistance(a: SortedSample, b: SortedSample): number {
  const av = a.values;
  const bv = b.values;
  if (av.length === 0 || bv.length === 0) return 0;
  const aw = a.weights;
  const bw = b.weights;
  const aTotal = totalWeight(a);
  const bTotal = totalWeight(b);
  let i = 0;
  let j = 0;
  let aCumulative = 0;
  let bCumulative = 0;
  let area = 0;
  let x = Math.min(av[0] as number, bv[0] as number);
  while (i < av.length || j < bv.length) {
    for (; i < av.length && av[i] === x; i++) aCumulative += aw === undefined ? 1 : (aw[i] as number);
    for (; j < bv.length && bv[j] === x; j++) bCumulative += bw === undefined ? 1 : (bw[j] as number);
    if (i === av.length && j === bv.length) break;
    const next = i < av.length ? (j < bv.length ? Math.min(av[i] as number, bv[j] as number) : (av[i] as number)) : (bv[j] as number);
    // Between x and the next value both CDFs are flat.
    area += Math.abs(aCumulative / aTotal - bCumulative / bTotal) * (next - x);
    x = next;
  }
  return area;
}

/**
 * The distance in units of the reference's standard deviation, so one threshold fits every
 * column's scale. A constant reference column (std 0) would divide by zero; 0.001 stands in.
 */
export function normalisedWasserstein(distance: number, referenceStd: number): number {
  return distance / Math.max(referenceStd, 0.001);
}
