/**
 * Exact binomial and multinomial draws from a SeededRandom, for bootstraps that resample counts instead of
 * rows: resampling n rows with replacement puts Multinomial(n, share of each cell) rows into the cells of a
 * confusion matrix, so drawing the multinomial gives the same distribution as drawing the rows, in time
 * independent of n.
 *
 * Binomial(n, p) by Knuth's beta splitting (TAOCP vol. 2, 3.4.1, exercise on the binomial): the a-th smallest
 * of n uniforms is X ~ Beta(a, n + 1 − a); if X ≥ p the count below p is Binomial(a − 1, p / X), otherwise the
 * a smallest are all below p and the rest count Binomial(n − a, (p − X) / (1 − X)). Halving n each step
 * takes O(log n) steps; small n is counted directly. Beta comes from two gamma draws (Marsaglia & Tsang
 * 2000, exact for shape ≥ 1, which a and n + 1 − a always are). Exact in distribution up to the uniforms'
 * 32- and 53-bit resolution.
 */
import type { SeededRandom } from '../seeded-random.ts';

/** Below this n the binomial counts n uniforms directly. */
const DIRECT_LIMIT = 16;

/** A Gamma(shape, 1) draw for shape ≥ 1 (Marsaglia & Tsang). */
export function gammaDraw(random: SeededRandom, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = random.nextNormal();
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = random.nextFloat();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** The number of successes in n independent trials of probability p. */
export function binomialDraw(random: SeededRandom, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  let trials = n;
  let chance = p;
  let count = 0;
  while (trials > DIRECT_LIMIT) {
    const a = 1 + (trials >> 1);
    const b = trials + 1 - a;
    const ga = gammaDraw(random, a);
    const x = ga / (ga + gammaDraw(random, b));
    if (x >= chance) {
      trials = a - 1;
      chance /= x;
    } else {
      count += a;
      trials = b - 1;
      chance = (chance - x) / (1 - x);
    }
    if (chance <= 0) return count;
    if (chance >= 1) return count + trials;
  }
  const threshold = chance * 4294967296;
  for (let i = 0; i < trials; i++) if (random.nextUint32() < threshold) count++;
  return count;
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
