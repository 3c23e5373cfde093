/**
 * One window's performance as the API and `ballast performance --json` show it, from its accumulator:
 * every metric as the offline report's object ({realized, estimated, sampling_error, lower, upper, alert}),
 * the estimator's values beside the realised ones under the same key, the confusion matrix, calibration
 * and the worst slices.
 *
 * ROC AUC and average precision are read from the window's score histograms (ClassificationWindow), not
 * from sorted rows: they merge, and their error against the exact value is at most `error_bounds.roc_auc`
 * / `error_bounds.average_precision` (score-histogram.ts states and tests the bound). The median absolute
 * error comes from a KLL sketch, its rank within `error_bounds.median_absolute_error_rank` of one half.
 * Every other metric is exact (scikit-learn's definitions, tested at 1e-9).
 */
import { METRICS, type ClassificationMetricName, type RegressionMetricName } from '../../core/performance/metric-registry.ts';
import { worstSlices, type WorstSlice } from '../../core/performance/worst-slices.ts';
import type { MetricEstimate } from '../../core/performance-estimation/cbpe.ts';
import type { Label } from '../../core/performance/classification-input.ts';
import type { WindowEstimator } from '../performance-estimation/version-estimator.ts';
import type { WindowAccumulator } from './window-accumulator.ts';

export interface CalibrationReport {
  readonly expected_calibration_error: number;
  readonly maximum_calibration_error: number;
  readonly points: readonly { bin_start: number; bin_end: number; mean_score: number; observed_rate: number; count: number }[];
}

export interface WindowPerformance {
  readonly metrics: Record<string, MetricEstimate>;
  readonly error_bounds: Record<string, number>;
  readonly confusion_matrix: { readonly classes: readonly Label[]; readonly counts: readonly (readonly number[])[] } | null;
  readonly calibration: CalibrationReport | null;
  readonly slices: { readonly worst: readonly WorstSlice[]; readonly reason: string | null };
}

const CLASSIFICATION: readonly ClassificationMetricName[] = [
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f1',
  'specificity',
  'roc_auc',
  'average_precision',
  'log_loss',
  'brier',
  'ece',
  'mce',
];
const REGRESSION: readonly RegressionMetricName[] = ['mae', 'rmse', 'mape', 'r2', 'median_absolute_error'];

/** JSON has no NaN: an undefined metric (no labels, one class only) is null. */
const finite = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

const realizedOnly = (realized: number | null): MetricEstimate => ({
  realized,
  estimated: null,
  sampling_error: null,
  lower: null,
  upper: null,
  alert: false,
});

export function windowPerformance(
  window: WindowAccumulator,
  estimator: WindowEstimator | undefined,
  slicesReason: string | null,
): WindowPerformance {
  const metrics: Record<string, MetricEstimate> = {};
  const errorBounds: Record<string, number> = {};
  let confusion: WindowPerformance['confusion_matrix'] = null;
  let calibration: CalibrationReport | null = null;
  const labelled = window.overall.labelledRows > 0;
  if (window.classification) {
    const m = window.classification.metrics();
    for (const name of CLASSIFICATION) metrics[name] = realizedOnly(labelled ? finite(METRICS[name].fromWindow(m)) : null);
    if (labelled) {
      errorBounds.roc_auc = finite(m.roc_auc_error_bound) ?? 0;
      errorBounds.average_precision = finite(m.average_precision_error_bound) ?? 0;
      confusion = m.confusion_matrix;
      calibration = {
        expected_calibration_error: m.ece,
        maximum_calibration_error: m.mce,
        points: m.reliability.map((p) => ({
          bin_start: p.lower,
          bin_end: p.upper,
          mean_score: p.mean_predicted,
          observed_rate: p.observed_frequency,
          count: p.count,
        })),
      };
    }
  }
  if (window.regression) {
    const m = window.regression.metrics();
    for (const name of REGRESSION) metrics[name] = realizedOnly(labelled ? finite(METRICS[name].fromWindow(m)) : null);
    if (labelled) errorBounds.median_absolute_error_rank = m.median_absolute_error_rank_error;
  }
  const outputs = estimator ? window.classifierOutputs() : null;
  if (estimator && outputs && outputs.predictions.length > 0) {
    for (const [name, estimate] of Object.entries(estimator(outputs))) {
      // Where Ballast computes the metric itself, its realised value stays (the same definition as every
      // other window's); the estimator's own realised value fills only metrics Ballast does not compute.
      const realized = metrics[name]?.realized ?? (labelled ? finite(estimate.realized) : null);
      metrics[name] = {
        realized,
        estimated: finite(estimate.estimated),
        sampling_error: finite(estimate.sampling_error),
        lower: finite(estimate.lower),
        upper: finite(estimate.upper),
        alert: estimate.alert,
      };
    }
  }
  const worst =
    slicesReason === null && window.task !== null && labelled
      ? worstSlices(window.task, window.sliceSummaries(), window.overallSummary())
      : [];
  return { metrics, error_bounds: errorBounds, confusion_matrix: confusion, calibration, slices: { worst, reason: slicesReason } };
}
