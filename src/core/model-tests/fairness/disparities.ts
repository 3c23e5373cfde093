import { FAIRNESS_METRICS, type FairnessMetricName } from '../suite-types.ts';
import { groupRate } from './group-rates.ts';

/** The six aggregates of one grouping, in FAIRNESS_METRICS order (a typed array: the bootstrap fills one per round). */
export type Disparities = Float64Array;

const index = (name: FairnessMetricName) => FAIRNESS_METRICS.indexOf(name);
const DP_DIFFERENCE = index('demographic_parity_difference');
const DP_RATIO = index('demographic_parity_ratio');
const EO_DIFFERENCE = index('equalized_odds_difference');
const EO_RATIO = index('equalized_odds_ratio');
const EOP_DIFFERENCE = index('equal_opportunity_difference');
const DI_RATIO = index('disparate_impact_ratio');

/**
 * The aggregates of a grouping's per-group counts (`counts`: groups × 4), as Fairlearn computes them with
 * `method='between_groups'`: difference = max − min over the groups, ratio = min / max (0/0 is NaN: nobody
 * selected anywhere). Groups with no rows are skipped, as pandas skips NaN.
 * - demographic parity: of the selection rates; disparate impact ratio is the same ratio (the four-fifths rule).
 * - equalized odds (`agg='worst_case'`): Fairlearn takes Python's max([TPR difference, FPR difference]) and
 *   min([TPR ratio, FPR ratio]). Python's min/max keep the first item unless a later one compares smaller/larger,
 *   and every comparison with NaN is false: so a NaN TPR ratio gives NaN, while a NaN FPR ratio (no false
 *   positives in any group) gives the TPR ratio. Kept exactly, so the values agree.
 * - equal opportunity difference: of the true positive rates.
 */
export function disparities(
  counts: Float64Array,
  groups: number,
  into: Disparities = new Float64Array(FAIRNESS_METRICS.length),
): Disparities {
  const selection = spread(counts, groups, 'selection_rate');
  const tpr = spread(counts, groups, 'true_positive_rate');
  const fpr = spread(counts, groups, 'false_positive_rate');
  into[DP_DIFFERENCE] = selection.difference;
  into[DP_RATIO] = selection.ratio;
  into[DI_RATIO] = selection.ratio;
  into[EOP_DIFFERENCE] = tpr.difference;
  into[EO_DIFFERENCE] = fpr.difference > tpr.difference ? fpr.difference : tpr.difference;
  into[EO_RATIO] = fpr.ratio < tpr.ratio ? fpr.ratio : tpr.ratio;
  return into;
}

function spread(counts: Float64Array, groups: number, metric: 'selection_rate' | 'true_positive_rate' | 'false_positive_rate') {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let group = 0; group < groups; group++) {
    const rate = groupRate(counts, group, metric);
    if (Number.isNaN(rate)) continue;
    if (rate < min) min = rate;
    if (rate > max) max = rate;
  }
  if (min > max) return { difference: Number.NaN, ratio: Number.NaN };
  return { difference: max - min, ratio: min / max };
}
