/**
 * Exact binomial and multinomial draws from a SeededRandom, for bootstraps that resample counts instead of
 * rows: resampling n rows with replacement puts Multinomial(n, share of each cell) rows into the cells of a
 * confusion matrix, so drawing the multinomial gives the same distribution as drawing the rows, in time
 * independent of n.
 *
 * Binomial(n, p), with p ≤ 1/2 (else n − Binomial(n, 1 − p)):
 *   - n·p < 10: inversion, walking the probability mass function from 0 (expected n·p + 1 steps);
 *   - otherwise Hörmann's BTRS (transformed rejection with squeeze; W. Hörmann, "The generation of binomial
 *     random variates", J. Statist. Comput. Simul. 46, 1993), the sampler TensorFlow and PyTorch use:
 *     O(1) expected uniforms, accepted against the exact log-density ratio (Stirling's series for the
 *     log-factorials, its tail tabulated for k ≤ 9), so the draws are exact in distribution.
 */
import type { SeededRandom } from './seeded-random.ts';

/** log k! − (k + ½) log(k + 1) + (k + 1) − ½ log 2π: the tail of Stirling's series, exact for k ≤ 9. */
const STIRLING_TAIL = [
  0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
  0.0118967099458917, 0.010411265261972, 0.00925546218271273, 0.00833056343336287,
];

function stirlingTail(k: number): number {
  if (k <= 9) return STIRLING_TAIL[k]!;
  const square = (k + 1) * (k + 1);
  return (1 / 12 - (1 / 360 - 1 / 1260 / square) / square) / (k + 1);
}

/** The number of successes in n independent trials of probability p. */
export function binomialDraw(random: SeededRandom, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialDraw(random, n, 1 - p);
  return n * p < 10 ? inversion(random, n, p) : btrs(random, n, p);
}

function inversion(random: SeededRandom, n: number, p: number): number {
  const q = 1 - p;
  const odds = p / q;
  let mass = Math.pow(q, n);
  let u = random.nextFloat();
  let x = 0;
  while (u > mass && x < n) {
    u -= mass;
    x++;
    mass *= ((n - x + 1) / x) * odds;
  }
  return x;
}

function btrs(random: SeededRandom, n: number, p: number): number {
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / (1 - p);
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  for (;;) {
    const u = random.nextFloat() - 0.5;
    let v = random.nextFloat();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    const bound =
      (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) +
      (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
      (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) +
      stirlingTail(m) +
      stirlingTail(n - m) -
      stirlingTail(k) -
      stirlingTail(n - k);
    if (v <= bound) return k;
  }
}

/**
 * Multinomial(n, weights / Σ weights) into `out` (same length as `weights`): each cell a binomial of what
 * the earlier cells left, with its share of the weight left.
 */
export function multinomialDraw(random: SeededRandom, n: number, weights: ArrayLike<number>, out: Float64Array): void {
  let left = n;
  let weightLeft = 0;
  for (let i = 0; i < weights.length; i++) weightLeft += weights[i]!;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (left === 0 || w === 0) {
      out[i] = 0;
    } else if (w >= weightLeft) {
      out[i] = left;
      left = 0;
    } else {
      const x = binomialDraw(random, left, w / weightLeft);
      out[i] = x;
      left -= x;
    }
    weightLeft -= w;
  }
}
