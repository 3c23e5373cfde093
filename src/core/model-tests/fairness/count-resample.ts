import type { SeededRandom } from '../seeded-random.ts';
import { multinomialDraw } from '../binomial-sampler.ts';

/**
 * One bootstrap resample of rows, drawn as counts. When every statistic is a function of how many rows fall in
 * each cell (group × true label × selected), resampling n rows with replacement is exactly a Multinomial(n, counts/n)
 * draw of the cell counts, so a resample of a million rows costs one binomial per non-empty cell, not a million
 * random indexes (binomial-sampler.ts draws it exactly, as a chain of conditional binomials). Cells counted 0 stay 0.
 *
 * `counts` holds whole numbers; `into` (the same length) receives the resample, which has the same total.
 */
export function resampleCounts(random: SeededRandom, counts: ArrayLike<number>, into: Float64Array): void {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]!;
  multinomialDraw(random, total, counts, into);
}
