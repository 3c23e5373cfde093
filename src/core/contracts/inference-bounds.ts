import type { NumericSummaryState, ValueCount } from './numeric-summary.ts';

/**
 * The statistics behind inferred bounds. Every bound is chosen so that a fresh sample from the same
 * source passes: it is the observed value moved outward by what sampling noise and unseen tails
 * can explain, never the observed value itself (a fresh sample's maximum exceeds the training
 * maximum half of the time).
 */

/** Fewer present values than this and no range is inferred: there is no tail to read. */
const MIN_VALUES_FOR_RANGE = 10;
/** The share of fresh values we accept to fall outside an inferred range, per value. */
const TAIL_TARGET = 1e-4;
/** The most bounded tail shape a range is extrapolated with (uniform data fit about -1). */
const MOST_BOUNDED_SHAPE = -0.1;
/** z for one-sided confidence bounds on shares (about 3 in 10 million). */
const SHARE_Z = 5;
/** Absolute slack added to share bounds, so small batches do not fail on noise. */
const SHARE_FLOOR = 0.01;

export interface RangeBound {
  readonly value: number;
  /** The observed extreme repeated across the whole tail: a hard edge (a cap, a floor at 0, a rating's 5). */
  readonly edge: boolean;
}

/**
 * How far above the observed values a fresh value may plausibly go.
 *
 * Continuous tails: above the k-th largest value u, the excesses of the top values estimate the
 * tail's scale s (the mean excess, exact for an exponential tail); the bound is where an
 * exponential tail of that scale, widened for the estimate's own error, leaves less than
 * TAIL_TARGET of the values. Light tails (normal) get a generous bound, heavy ones (log-normal) a
 * wide one.
 *
 * Discrete tails (the top values take fewer than three distinct values: counts, ratings, flags)
 * are read from the counts of the two most extreme values instead: see discreteBound.
 */
export function upperBound(summary: NumericSummaryState): RangeBound | undefined {
  return tailBound(summary.top, summary.topCounts, summary.count, 1, summary.top[0]! - summary.bottom[0]!);
}

export function lowerBound(summary: NumericSummaryState): RangeBound | undefined {
  return tailBound(summary.bottom, summary.bottomCounts, summary.count, -1, summary.top[0]! - summary.bottom[0]!);
}

/**
 * The lower bound of positive, right-skewed data (prices, incomes, durations) read on a log scale,
 * where such data is roughly symmetric: the bound is then a fraction of the smallest value rather
 * than an additive margin that would run far below zero.
 */
export function positiveLowerBound(summary: NumericSummaryState): RangeBound | undefined {
  const log = (values: readonly number[]): number[] => values.map(Math.log);
  const span = Math.log(summary.top[0]!) - Math.log(summary.bottom[0]!);
  const bound = tailBound(
    log(summary.bottom),
    summary.bottomCounts.map(([value, count]) => [Math.log(value), count] as const),
    summary.count,
    -1,
    span,
  );
  return bound && { value: Math.exp(bound.value), edge: bound.edge };
}

/** Skewness that marks data as right-skewed: well beyond the noise of a symmetric sample (sd about sqrt(6/n)). */
export function isRightSkewed(skewness: number, count: number): boolean {
  return skewness > Math.max(0.5, 5 * Math.sqrt(6 / count));
}

/** span: the observed range (largest less smallest value), which a discrete tail may not reach beyond. */
function tailBound(
  tail: readonly number[],
  counts: readonly ValueCount[],
  count: number,
  sign: 1 | -1,
  span: number,
): RangeBound | undefined {
  if (count < MIN_VALUES_FOR_RANGE || tail.length === 0) return undefined;
  const k = Math.min(tail.length, Math.max(5, Math.ceil(Math.sqrt(count))));
  const extreme = tail[0]!;
  const threshold = tail[k - 1]!;
  const distinctInTail = counts.filter(([value]) => sign * (value - threshold) >= 0).length;
  // A column of a few distinct values (at most EDGE_VALUES, all of them counted: a rating, a number
  // of children, a code 0/1/2) has no continuous tail to fit, whatever its size.
  const fewValues = counts.reduce((sum, [, seen]) => sum + seen, 0) === count;
  if (distinctInTail < 3 || fewValues) return discreteBound(counts, count, sign, span);
  const excesses: number[] = [];
  for (let i = k - 2; i >= 0; i--) excesses.push(sign * (tail[i]! - threshold));
  const { shape, scale } = fitTail(excesses);
  const widened = scale * (1 + 2 / Math.sqrt(k - 1));
  const target = Math.min(TAIL_TARGET, 1 / (10 * count));
  const ratio = Math.max(Math.E, k / count / target);
  // The shape is uncertain by about 1/sqrt(k) (Hosking and Wallis); a tail heavier by that much is
  // as plausible as the one fitted, and heavier tails reach further. A fitted end to the tail is
  // trusted only a little (shape -0.1 at most): a light normal tail can look bounded in one sample.
  const heavier = Math.max(MOST_BOUNDED_SHAPE, shape + 1 / Math.sqrt(k - 1));
  const reach = Math.abs(heavier) < 1e-6 ? widened * Math.log(ratio) : (widened / heavier) * (ratio ** heavier - 1);
  const distance = Math.max(sign * (threshold - extreme) + reach, widened);
  return { value: extreme + sign * distance, edge: false };
}

/**
 * Fits a generalised Pareto distribution to tail excesses (ascending) by probability-weighted
 * moments (Hosking and Wallis, 1987). Shape 0 is an exponential tail, above 0 a power tail
 * (log-normal and Pareto-like data), below 0 a tail with an end (uniform data: -1).
 */
export function fitTail(excesses: readonly number[]): { shape: number; scale: number } {
  const m = excesses.length;
  let a0 = 0;
  let a1 = 0;
  for (let j = 0; j < m; j++) {
    a0 += excesses[j]!;
    a1 += excesses[j]! * (1 - (j + 1 - 0.35) / m);
  }
  a0 /= m;
  a1 /= m;
  const denominator = a0 - 2 * a1;
  if (!(denominator > 0) || a0 === 0) return { shape: 0, scale: a0 };
  const shape = Math.min(0.9, Math.max(-1, 2 - a0 / denominator));
  const scale = (2 * a0 * a1) / denominator;
  return { shape, scale };
}

/**
 * A discrete tail: the extreme value e was seen c times and the next one inward c1 times. If the
 * counts keep falling outward at the same ratio r = c/c1, the sample should have held about
 * c·r/(1-r) values beyond e. When that is large (over DISCRETE_EDGE_EVIDENCE, even with r at the
 * low end of its noise) and none were seen, e is a hard edge (a rating's 5, a flag's 1, a count's 0)
 * and stays. Otherwise seeing none beyond e may be luck, and the bound moves out step by step until
 * the expected count beyond it, at a ratio widened for its noise and at most 3/c, is below 0.05,
 * and at most the observed range out.
 */
function discreteBound(counts: readonly ValueCount[], count: number, sign: 1 | -1, span: number): RangeBound {
  const [extreme, atEdge] = counts[0]!;
  const inner = counts[1];
  // One value, or two (a flag, a binary label): no run of counts to extrapolate a tail from.
  if (inner === undefined || atEdge + inner[1] === count) return { value: extreme, edge: true };
  // The ratio at the edge, not one pooled further in: counts of log-concave sources (Poisson,
  // binomial, a rounded normal) fall faster the further out, so an inner ratio would overstate
  // how many values beyond the edge were due, and keep edges that are not.
  const ratio = atEdge / inner[1];
  // The ratio is itself noisy (about 1/sqrt(c) relative): an edge must hold even at its low end.
  const lowRatio = ratio * Math.max(0, 1 - 2 / Math.sqrt(atEdge));
  const expectedBeyond = lowRatio < 1 ? (atEdge * lowRatio) / (1 - lowRatio) : Infinity;
  if (expectedBeyond > DISCRETE_EDGE_EVIDENCE) return { value: extreme, edge: true };
  // The value just beyond the edge was never seen, so its expected count is at most 3 (the rule of
  // three); and the counts of discrete sources (Poisson, binomial, ratings, rounded measurements)
  // fall outward at a ratio that does not grow. So no step beyond the edge keeps more than 3/c of
  // the one before. Without this cap an edge seen often, beside a neighbour seen about as often
  // (0, 1, 2 seen 25, 37, 27 times), extrapolated a ratio near 1 into a bound a hundred steps out.
  const widened = Math.min(0.95, ratio * (1 + 2 / Math.sqrt(atEdge)), RULE_OF_THREE / atEdge);
  const spacing = Math.abs(extreme - inner[0]);
  const steps = Math.max(1, Math.ceil(Math.log((0.05 * (1 - widened)) / atEdge) / Math.log(widened)));
  // A small sample says little about a tail longer than the data itself: an edge seen once or
  // twice beside a slowly rising run (uniform values 1 to 8 on 36 rows) would otherwise be
  // extrapolated a hundred steps out. The bound reaches beyond the edge by at most the observed range.
  const reachable = Math.max(1, Math.floor(span / spacing + 1e-9));
  return { value: extreme + sign * Math.min(steps, reachable) * spacing, edge: false };
}

/** Expected values beyond a discrete edge, none of them seen, that make it a hard edge (p < e^-30). */
const DISCRETE_EDGE_EVIDENCE = 30;
/** The largest expected count of a value never seen in a sample, at 95% confidence. */
const RULE_OF_THREE = 3;

/**
 * The share of present values that must pass the value checks: 1 minus the rule-of-three bound
 * on a rate never observed (3/n), kept between 0.95 and 0.999, rounded down to 4 decimals. It lets
 * a fresh sample carry the few tail values or new categories the training sample did not show.
 */
export function inferMostly(present: number): number {
  const slack = Math.min(0.05, Math.max(0.001, 3 / Math.max(present, 1)));
  return floorTo(1 - slack, 4);
}

/** An upper bound on a share seen as count of n: Wilson's bound at z = 5 plus an absolute floor. */
export function shareUpperBound(count: number, n: number): number {
  if (n === 0) return 1;
  const p = count / n;
  const z2 = SHARE_Z * SHARE_Z;
  const centre = p + z2 / (2 * n);
  const spread = SHARE_Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.min(1, ceilTo((centre + spread) / (1 + z2 / n) + SHARE_FLOOR, 3));
}

/** A lower bound on a share seen as count of n: Wilson's bound at z = 5 less the floor, and at most half the share. */
export function shareLowerBound(count: number, n: number): number {
  if (n === 0) return 0;
  const p = count / n;
  const z2 = SHARE_Z * SHARE_Z;
  const centre = p + z2 / (2 * n);
  const spread = SHARE_Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const wilson = (centre - spread) / (1 + z2 / n) - SHARE_FLOOR;
  return Math.max(0, floorTo(Math.min(wilson, p / 2), 3));
}

/**
 * Rounds a bound outward to a short number: to a step of a tenth of the margin's order of
 * magnitude, so 1234.5678 with a margin of 37 (step 1) becomes 1235 upward, and 0.0123456 with a
 * margin of 0.0013 (step 0.0001) becomes 0.0124. Moving outward only widens the bound.
 */
export function roundOutward(value: number, observed: number, direction: 1 | -1, integer: boolean): number {
  const margin = Math.abs(value - observed);
  if (margin === 0) return value;
  let step = 10 ** (Math.floor(Math.log10(margin)) - 1);
  if (integer) step = Math.max(1, step);
  // A margin among the smallest doubles has no shorter form (its step underflows to 0).
  if (!(step > 0) || !Number.isFinite(value / step)) return value;
  const steps = direction > 0 ? Math.ceil(value / step) : Math.floor(value / step);
  const decimals = Math.min(20, Math.max(0, -Math.floor(Math.log10(step))));
  const rounded = Number((steps * step).toFixed(decimals));
  // value / step can round to the whole number just inside the bound (e.g. -60079.85937399999 with
  // a step of 1e-6 became -60079.859374): then one more step outward.
  const inside = direction > 0 ? rounded < value : rounded > value;
  return inside ? Number(((steps + direction) * step).toFixed(decimals)) : rounded;
}

function ceilTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.ceil(value * factor - 1e-9) / factor;
}

function floorTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.floor(value * factor + 1e-9) / factor;
}
