import type { SeededRandom } from '../seeded-random.ts';
import { sampleBinomial } from './binomial-sampler.ts';

/**
 * One bootstrap resample of rows, drawn as counts. When every statistic is a function of how many rows fall in
 * each cell (group × true label × selected), resampling n rows with replacement is exactly a Multinomial(n, counts/n)
 * draw of the cell counts, so a resample of a million rows costs one binomial per non-empty cell, not a million
 * random indexes. The multinomial is drawn as a chain of conditional binomials: cell i gets
 * Binomial(rows left, count_i / count of cells not drawn yet), which is exact. Cells counted 0 stay 0.
 *
 * `counts` holds whole numbers; `into` (the same length) receives the resample, which has the same total.
 */
export function resampleCounts(random: SeededRandom, counts: ArrayLike<number>, into: Float64Array): void {
  let massLeft = 0;
  for (let i = 0; i < counts.length; i++) massLeft += counts[i]!;
  let rowsLeft = massLeft;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i]!;
    if (count === 0 || rowsLeft === 0) {
      into[i] = 0;
      continue;
    }
    // The last non-empty cell takes what is left (count === massLeft), without a draw.
    const drawn = count >= massLeft ? rowsLeft : sampleBinomial(random, rowsLeft, count / massLeft);
    into[i] = drawn;
    rowsLeft -= drawn;
    massLeft -= count;
  }
}
