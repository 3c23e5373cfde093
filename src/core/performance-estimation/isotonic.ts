/**
 * Isotonic regression as scikit-learn's `IsotonicRegression(increasing=True, out_of_bounds='clip')` fits and
 * predicts it: CBPE calibrates scores with it, and its estimates only agree with NannyML's when the calibration
 * map is the same one.
 *
 * scikit-learn sorts by x (then y), merges x values closer than float64 resolution into one point with the
 * weighted mean of their y, runs pool-adjacent-violators with those weights, and predicts by linear
 * interpolation between the fitted points, clipping x to the fitted range.
 */
import { argsortAscending } from './argsort.ts';

export interface IsotonicFit {
  /** Strictly increasing x of the fitted points. */
  readonly x: Float64Array;
  /** Non-decreasing fitted y at those x. */
  readonly y: Float64Array;
}

/** numpy's `finfo(float64).resolution`: scikit-learn merges x values closer than this. */
const X_RESOLUTION = 1e-15;

/** `byX`: the rows already sorted by x, when the caller has sorted them (argsortAscending). */
export function fitIsotonic(xs: ArrayLike<number>, ys: ArrayLike<number>, byX?: Uint32Array): IsotonicFit {
  const n = xs.length;
  if (n === 0 || ys.length !== n) throw new RangeError('isotonic regression needs as many y as x, at least one');
  // Rows with equal x are averaged, so their order among themselves does not matter: sort by x alone.
  const order = byX ?? argsortAscending(xs);
  return fitIsotonicInOrder(xs, ys, order);
}

/**
 * The same fit for rows visited in `order`, which must list them by increasing x: CBPE's calibration check
 * fits ten subsets of one reference and sorts it once for all of them.
 */
export function fitIsotonicInOrder(xs: ArrayLike<number>, ys: ArrayLike<number>, order: ArrayLike<number>): IsotonicFit {
  if (order.length === 0) throw new RangeError('isotonic regression needs at least one point');
  // Typed buffers sized for the worst case (every x distinct), trimmed at the end: the calibration check
  // fits ten subsets of a reference that can hold a million rows.
  const ux = new Float64Array(order.length);
  const uy = new Float64Array(order.length);
  const uw = new Float64Array(order.length);
  let points = 0;
  let currentX = xs[order[0]!]!;
  let sumY = 0;
  let weight = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const x = xs[i]!;
    if (x - currentX >= X_RESOLUTION) {
      ux[points] = currentX;
      uy[points] = sumY / weight;
      uw[points++] = weight;
      currentX = x;
      sumY = 0;
      weight = 0;
    }
    sumY += ys[i]!;
    weight += 1;
  }
  ux[points] = currentX;
  uy[points] = sumY / weight;
  uw[points++] = weight;
  return { x: ux.slice(0, points), y: poolAdjacentViolators(uy.subarray(0, points), uw.subarray(0, points)) };
}

/** Weighted pool-adjacent-violators: the non-decreasing sequence closest to y in weighted least squares. */
function poolAdjacentViolators(y: Float64Array, w: Float64Array): Float64Array {
  // A stack of blocks: each block's mean, weight and how many points it pools.
  const values = new Float64Array(y.length);
  const weights = new Float64Array(y.length);
  const counts = new Int32Array(y.length);
  let blocks = 0;
  for (let i = 0; i < y.length; i++) {
    let value = y[i]!;
    let weight = w[i]!;
    let count = 1;
    while (blocks > 0 && values[blocks - 1]! >= value) {
      blocks--;
      const previousWeight = weights[blocks]!;
      const previousValue = values[blocks]!;
      value = (previousValue * previousWeight + value * weight) / (previousWeight + weight);
      weight += previousWeight;
      count += counts[blocks]!;
    }
    values[blocks] = value;
    weights[blocks] = weight;
    counts[blocks++] = count;
  }
  const out = new Float64Array(y.length);
  let at = 0;
  for (let block = 0; block < blocks; block++) {
    out.fill(values[block]!, at, at + counts[block]!);
    at += counts[block]!;
  }
  return out;
}

/** The fitted map at x: linear between fitted points, x clipped to the fitted range. */
export function predictIsotonic(fit: IsotonicFit, x: number): number {
  const { x: fx, y: fy } = fit;
  const last = fx.length - 1;
  if (x <= fx[0]!) return fy[0]!;
  if (x >= fx[last]!) return fy[last]!;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fx[mid]! <= x) lo = mid;
    else hi = mid;
  }
  if (x === fx[lo]) return fy[lo]!;
  const slope = (fy[hi]! - fy[lo]!) / (fx[hi]! - fx[lo]!);
  return slope * (x - fx[lo]!) + fy[lo]!;
}
