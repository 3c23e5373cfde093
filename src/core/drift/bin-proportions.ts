/** The smallest proportion a bin may have in PSI and Jensen–Shannon: an empty bin would give log(0). */
export const DEFAULT_PROPORTION_FLOOR = 0.0001;

/**
 * counts / sum(counts), with every empty bin's proportion (exactly 0) replaced by `floor`.
 * The result is not re-normalised (PSI uses it as is; Jensen–Shannon re-normalises as scipy does).
 * All zeros when the counts sum to 0; callers treat an empty side as "no evidence".
 */
export function flooredProportions(counts: ArrayLike<number>, floor: number): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  const proportions = new Float64Array(counts.length);
  if (total <= 0) return proportions;
  for (let i = 0; i < counts.length; i++) {
    const p = (counts[i] as number) / total;
    proportions[i] = p === 0 ? floor : p;
  }
  return proportions;
}

/** True when either side has no observations, so no comparison can be made. */
export function hasEmptySide(reference: ArrayLike<number>, current: ArrayLike<number>): boolean {
  return sum(reference) <= 0 || sum(current) <= 0;
}

/** Bins must line up one to one; a mismatch is a programming error, not a data problem. */
export function assertSameLength(reference: ArrayLike<number>, current: ArrayLike<number>): void {
  if (reference.length !== current.length) {
    throw new RangeError(`reference has ${reference.length} bins but current has ${current.length}`);
  }
}

function sum(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  return total;
}
