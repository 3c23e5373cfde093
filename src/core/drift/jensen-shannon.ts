import { DEFAULT_PROPORTION_FLOOR, assertSameLength, flooredProportions, hasEmptySide } from './bin-proportions.ts';

/**
 * Jensen–Shannon distance between the reference and current bin counts: proportions floored as in
 * PSI, then exactly scipy.spatial.distance.jensenshannon(p, q) — which re-normalises p and q to sum
 * to 1, and returns sqrt((KL(p‖m) + KL(q‖m)) / 2) with m = (p + q)/2, natural log.
 * 0 when either side is empty (no evidence of change).
 */
export function jensenShannonDistance(reference: ArrayLike<number>, current: ArrayLike<number>, floor = DEFAULT_PROPORTION_FLOOR): number {
  assertSameLength(reference, current);
  if (hasEmptySide(reference, current)) return 0;
  const p = normalised(flooredProportions(reference, floor));
  const q = normalised(flooredProportions(current, floor));
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    const mi = (pi + qi) / 2;
    left += relativeEntropyTerm(pi, mi);
    right += relativeEntropyTerm(qi, mi);
  }
  // Rounding can leave a hair below zero for identical distributions.
  return Math.sqrt(Math.max((left + right) / 2, 0));
}

function relativeEntropyTerm(x: number, y: number): number {
  return x > 0 && y > 0 ? x * Math.log(x / y) : 0;
}

function normalised(values: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i] as number;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / total;
  return values;
}
