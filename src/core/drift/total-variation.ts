import { assertSameLength, hasEmptySide } from './bin-proportions.ts';

/**
 * Default total variation distance threshold: drift when more than a tenth of the probability
 * mass has moved between categories.
 */
export const TVD_DEFAULT_THRESHOLD = 0.1;

/**
 * Total variation distance between reference and current category counts: 0.5 · sum |p - q| with
 * p, q the proportions (no floor needed), in [0, 1]. 0 when either side is empty.
 */
export function totalVariationDistance(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  assertSameLength(reference, current);
  if (hasEmptySide(reference, current)) return 0;
  const referenceTotal = sum(reference);
  const currentTotal = sum(current);
  let distance = 0;
  for (let i = 0; i < reference.length; i++) {
    distance += Math.abs((reference[i] as number) / referenceTotal - (current[i] as number) / currentTotal);
  }
  return 0.5 * distance;
}

function sum(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  return total;
}
