import { SeededRandom } from '../seeded-random.ts';
import { FAIRNESS_METRICS } from '../suite-types.ts';
import type { CellCounts } from './cell-counts.ts';
import { resampleCounts } from './count-resample.ts';
import { disparities } from './disparities.ts';
import { sumIntoGroups, type Grouping } from './groupings.ts';

/**
 * The bootstrap distribution of every aggregate of every grouping: `rounds` resamples of all rows with
 * replacement (as Fairlearn's MetricFrame with `n_boot` resamples, `data.sample(frac=1, replace=True)`), each drawn
 * as multinomial cell counts (count-resample.ts), which is the same distribution at a cost independent of the
 * number of rows. All groupings read the same resample in a round, as they read the same rows.
 *
 * Returns statistics[grouping][metric] = the aggregate in each round (NaN where a resample leaves it undefined).
 */
export function bootstrapDisparities(cells: CellCounts, groupings: readonly Grouping[], rounds: number, seed: number): Float64Array[][] {
  const random = new SeededRandom(seed);
  const statistics = groupings.map(() => FAIRNESS_METRICS.map(() => new Float64Array(rounds)));
  const resample = new Float64Array(cells.counts.length);
  const groupCounts = groupings.map((grouping) => new Float64Array(grouping.groupKeys.length * 4));
  const values = new Float64Array(FAIRNESS_METRICS.length);
  for (let round = 0; round < rounds; round++) {
    resampleCounts(random, cells.counts, resample);
    groupings.forEach((grouping, g) => {
      sumIntoGroups(resample, grouping, groupCounts[g]!);
      disparities(groupCounts[g]!, grouping.groupKeys.length, values);
      for (let m = 0; m < values.length; m++) statistics[g]![m]![round] = values[m]!;
    });
  }
  return statistics;
}
