import { DEFAULT_PROPORTION_FLOOR, assertSameLength, flooredProportions, hasEmptySide } from './bin-proportions.ts';

/**
 * Population stability index of current bin counts against reference bin counts (the same bins):
 * with proportions p (reference) and q (current), empty bins floored at `floor`,
 * PSI = sum((q - p) · ln(q / p)). Symmetric in p and q and never negative.
 * 0 when either side is empty (no evidence of change); callers report "no data" themselves.
 * The customary reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a significant
 * one. Ballast reports it beside the tests that decide.
 */
export function populationStabilityIndex(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  floor = DEFAULT_PROPORTION_FLOOR,
): number {
  assertSameLength(reference, current);
  if (hasEmptySide(reference, current)) return 0;
  const p = flooredProportions(reference, floor);
  const q = flooredProportions(current, floor);
  let psi = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    psi += (qi - pi) * Math.log(qi / pi);
  }
  return psi;
}
