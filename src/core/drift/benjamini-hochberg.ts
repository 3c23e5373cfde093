/**
 * Benjamini–Hochberg adjusted p-values (scipy.stats.false_discovery_control(ps, method='bh')),
 * in the order given. Every p-value must lie in [0, 1] (anything else is a programming error and throws).
 * Rejecting every hypothesis whose adjusted p-value is below alpha keeps the
 * expected share of false alarms among the flagged columns at most alpha — the correction Ballast
 * applies across the columns of one drift check, so wide tables do not alarm by chance.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must lie in [0, 1]; got ${p}`);
  }
  const m = pValues.length;
  if (m <= 1) return [...pValues];
  const order = pValues.map((_, i) => i).sort((x, y) => (pValues[x] as number) - (pValues[y] as number));
  const adjusted = new Array<number>(m);
  // From the largest p down: p_(i) · m/i, made monotone by a running minimum, capped at 1.
  let runningMin = Infinity;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1] as number;
    const scaled = (pValues[index] as number) * (m / rank);
    if (scaled < runningMin) runningMin = scaled;
    adjusted[index] = Math.min(Math.max(runningMin, 0), 1);
  }
  return adjusted;
}
