import { DEFAULT_PROPORTION_FLOOR, assertSameLength, flooredProportions, hasEmptySide } from './bin-proportions.ts';

/**
 * Default PSI threshold. The customary reading: below 0.1 the population is stable, 0.1 to 0.25 a
 * moderate shift worth watching, above 0.25 a significant shift. Ballast flags from 0.1.
 */
export const PSI_DEFAULT_THRESHOLD = 0.1;

/**
 * Population stability index of current bin counts against reference bin counts (the same bins):
 * with proportions p (reference) and q (current), empty bins floored at `floor`,
 * PSI = sum((q - p) · ln(q / p)). Symmetric in p and q and never negative.
 * 0 when either side is empty (no evidence of change); callers report "no data" themselves.
 */
export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>, floor = DEFAULT_PROPORTION_FLOOR): number {
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
