import { twoSidedNormalPValue } from '../drift/pca-z-test.ts';
import { Z_975 } from './ab-difference-interval.ts';

/**
 * How many rows each variant of an A/B test needs to tell a stated effect apart, for the two-sided
 * tests Ballast runs at α = 0.05 with power 0.8 (a true effect of that size is found 4 times in 5).
 * The normal approximation of statsmodels' NormalIndPower with equal groups: the power of n rows per
 * variant for a standardised effect d is
 *     Φ(d·√(n/2) − z₀.₉₇₅) + Φ(−d·√(n/2) − z₀.₉₇₅),
 * the second term being the other tail (a two-sided test also rejects on a large effect in the wrong
 * direction). For the Welch test on small samples the t distribution asks a few rows more than this.
 */

/** The standard normal's quantile at the power, 0.8 (scipy.stats.norm.ppf(0.8)). */
const Z_80 = 0.8416212335729143;
const POWER = 0.8;

/** Φ(x), from the two-sided tail erfc(|x|/√2) the drift tests already use. */
function normalCdf(x: number): number {
  const tail = twoSidedNormalPValue(x) / 2;
  return x < 0 ? tail : 1 - tail;
}

function powerOf(d: number, n: number): number {
  const shift = d * Math.sqrt(n / 2);
  return normalCdf(shift - Z_975) + normalCdf(-shift - Z_975);
}

/**
 * The (fractional) rows per variant at which the power reaches 0.8 for a standardised effect d > 0:
 * the root of powerOf(d, n) = 0.8, found by bisection to the last bits (the power grows with n). It
 * starts from the closed form of the one-tailed approximation, 2((z₀.₉₇₅ + z₀.₈)/d)², which the other
 * tail's small share moves down a little.
 */
export function rowsForPower(d: number): number | null {
  if (!(d > 0) || !Number.isFinite(d)) return null;
  const guess = 2 * ((Z_975 + Z_80) / d) ** 2;
  let low = 0;
  let high = guess;
  while (powerOf(d, high) < POWER) high *= 2;
  for (let i = 0; i < 200 && high - low > high * 1e-15; i++) {
    const middle = (low + high) / 2;
    if (powerOf(d, middle) < POWER) low = middle;
    else high = middle;
  }
  return high;
}

/** Whole rows per variant: at least the fractional root, and at least 2 (a variance needs two values). */
export function minSamplePerVariant(d: number): number | null {
  const rows = rowsForPower(d);
  return rows === null ? null : Math.max(2, Math.ceil(rows));
}

/**
 * Cohen's h for a rate moving by `effect` from its baseline p: |2·asin√(p + effect) − 2·asin√p|, or
 * towards p − effect when p + effect passes 1 (statsmodels' proportion_effectsize). The arcsine makes
 * the same difference count more near 0 or 1, where a rate's variance is small.
 */
export function rateEffectSize(p: number, effect: number): number | null {
  if (!(effect > 0) || !(p >= 0 && p <= 1)) return null;
  const target = p + effect <= 1 ? p + effect : p - effect;
  if (target < 0) return null;
  return Math.abs(2 * Math.asin(Math.sqrt(target)) - 2 * Math.asin(Math.sqrt(p)));
}

/**
 * A mean's effect standardised by √((s²a + s²b)/2), so that n = 2((z + z)/d)² is the Welch form
 * (z + z)²·(s²a + s²b)/effect² per variant. Null without spread.
 */
export function meanEffectSize(varianceA: number, varianceB: number, effect: number): number | null {
  const scale = Math.sqrt((varianceA + varianceB) / 2);
  if (!(effect > 0) || !(scale > 0)) return null;
  return effect / scale;
}
