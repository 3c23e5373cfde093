import type { GroupMetricName } from '../suite-types.ts';
import { FN, FP, TN, TP } from './cell-counts.ts';

/**
 * A group's rates from its four counts, with Fairlearn's conventions (0.13), so `by_group` equals
 * `MetricFrame(...).by_group`:
 * - selection_rate = selected / rows, accuracy = correct / rows;
 * - true_positive_rate = TP / (TP + FN) and false_positive_rate = FP / (FP + TN), read from scikit-learn's
 *   `confusion_matrix(normalize='true')`, which turns the 0/0 of a group with no positive (or no negative) labels
 *   into 0, not NaN. So a group without positives has TPR 0, which widens TPR differences: Fairlearn's behaviour,
 *   kept so the numbers agree, and said in docs/fairness.md.
 * A group with no rows (only in a bootstrap resample) has no rates: NaN, skipped by the aggregates as pandas skips it.
 */
export function groupRate(counts: Float64Array, group: number, metric: GroupMetricName): number {
  const at = group * 4;
  const tp = counts[at + TP]!;
  const fp = counts[at + FP]!;
  const fn = counts[at + FN]!;
  const tn = counts[at + TN]!;
  const rows = tp + fp + fn + tn;
  if (metric === 'count') return rows;
  if (rows === 0) return Number.NaN;
  switch (metric) {
    case 'selection_rate':
      return (tp + fp) / rows;
    case 'accuracy':
      return (tp + tn) / rows;
    case 'true_positive_rate':
      return tp + fn > 0 ? tp / (tp + fn) : 0;
    case 'false_positive_rate':
      return fp + tn > 0 ? fp / (fp + tn) : 0;
  }
}
