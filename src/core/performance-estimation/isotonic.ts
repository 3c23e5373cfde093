/**
 * Isotonic regression as scikit-learn's `IsotonicRegression(increasing=True, out_of_bounds='clip')` fits and
 * predicts it: CBPE calibrates scores with it, and its estimates only agree with NannyML's when the calibration
 * map is the same one.
 *
 * scikit-learn sorts by x (then y), merges x values closer than float64 resolution into one point with the
 * weighted mean of their y, runs pool-adjacent-violators with those weights, and predicts by linear
 * interpolation between the fitted points, clipping x to the fitted range.
 */
export interface IsotonicFit {
  /** Strictly increasing x of the fitted points. */
  readonly x: Float64Array;
  /** Non-decreasing fitted y at those x. */
  readonly y: Float64Array;
}

/** numpy's `finfo(float64).resolution`: scikit-learn merges x values closer than this. */
const X_RESOLUTION = 1e-15;

export function fitIsotonic(xs: ArrayLike<number>, ys: ArrayLike<number>): IsotonicFit {
  const n = xs.length;
  if (n === 0 || ys.length !== n) throw new RangeError('isotonic regression needs as many y as x, at least one');
  // Rows with equal x are averaged, so their order among themselves does not matter: sort by x alone.
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  return fitIsotonicInOrder(xs, ys, order);
}

/**
 * The same fit for rows visited in `order`, which must list them by increasing x: CBPE's calibration check
 * fits ten subsets of one reference and sorts it once for all of them.
 */
export function fitIsotonicInOrder(xs: ArrayLike<number>, ys: ArrayLike<number>, order: ArrayLike<number>): IsotonicFit {
  if (order.length === 0) throw new RangeError('isotonic regression needs at least one point');
  const ux: number[] = [];
  const uy: number[] = [];
  const uw: number[] = [];
  let currentX = xs[order[0]!]!;
  let sumY = 0;
  let weight = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const x = xs[i]!;
    if (x - currentX >= X_RESOLUTION) {
      ux.push(currentX);
      uy.push(sumY / weight);
      uw.push(weight);
      currentX = x;
      sumY = 0;
      weight = 0;
    }
    sumY += ys[i]!;
    weight += 1;
  }
  ux.push(currentX);
  uy.push(sumY / weight);
  uw.push(weight);
  return { x: Float64Array.from(ux), y: poolAdjacentViolators(uy, uw) };
}

/** Weighted pool-adjacent-violators: the non-decreasing sequence closest to y in weighted least squares. */
function poolAdjacentViolators(y: readonly number[], w: readonly number[]): Float64Array {
  const values: number[] = [];
  const weights: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < y.length; i++) {
    let value = y[i]!;
    let weight = w[i]!;
    let count = 1;
    while (values.length > 0 && values[values.length - 1]! >= value) {
      const previousWeight = weights.pop()!;
      const previousValue = values.pop()!;
      value = (previousValue * previousWeight + value * weight) / (previousWeight + weight);
      weight += previousWeight;
      count += counts.pop()!;
    }
    values.push(value);
    weights.push(weight);
    counts.push(count);
  }
  const out = new Float64Array(y.length);
  let at = 0;
  values.forEach((value, block) => {
    out.fill(value, at, at + counts[block]!);
    at += counts[block]!;
  });
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
