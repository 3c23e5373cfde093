/**
 * The performance metrics by name, for code that is told a metric by a user or a config (the CLI's
 * `--metrics roc_auc,f1`, alert rules, canary gates): what task it belongs to, whether a higher value is
 * better (so a rule knows which way is "worse"), how to compute it exactly from rows, and how to read it
 * from a mergeable window's metrics. Names are the snake_case ones used on the wire and in docs/performance.md.
 *
 * For two classes precision, recall and F1 are those of the positive class; for more, macro averages
 * (the weighted ones are in label-metrics.ts and the window's `weighted`).
 */
import { IssueCollector } from '../issues.ts';
import { brierScore } from './brier-score.ts';
import { calibration } from './calibration.ts';
import type { ClassificationInput } from './classification-input.ts';
import type { ClassificationWindowMetrics } from './classification-window.ts';
import { accuracy, balancedAccuracy, precisionRecallF1, specificity } from './label-metrics.ts';
import { logLoss } from './log-loss.ts';
import { averagePrecision, rocAuc } from './ranking-metrics.ts';
import type { RegressionInput } from './regression-input.ts';
import { meanAbsoluteError, meanAbsolutePercentageError, medianAbsoluteError, r2, rootMeanSquaredError } from './regression-metrics.ts';
import type { RegressionWindowMetrics } from './regression-window.ts';

const CLASSIFICATION_METRICS = [
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
] as const;
const REGRESSION_METRICS = ['mae', 'rmse', 'mape', 'r2', 'median_absolute_error'] as const;

export type ClassificationMetricName = (typeof CLASSIFICATION_METRICS)[number];
export type RegressionMetricName = (typeof REGRESSION_METRICS)[number];
export type MetricName = ClassificationMetricName | RegressionMetricName;

interface Common {
  readonly higherIsBetter: boolean;
  /** The best value the metric can take (a perfect model). */
  readonly best: number;
}

export interface ClassificationMetric extends Common {
  readonly task: 'classification';
  /** Which part of the rows the metric reads: the predicted labels or the probabilities. */
  readonly needs: 'predicted_labels' | 'probabilities';
  readonly compute: (input: ClassificationInput) => number;
  readonly fromWindow: (metrics: ClassificationWindowMetrics) => number;
}

export interface RegressionMetric extends Common {
  readonly task: 'regression';
  readonly compute: (input: RegressionInput) => number;
  readonly fromWindow: (metrics: RegressionWindowMetrics) => number;
}

const higher = { higherIsBetter: true, best: 1 } as const;
const lower = { higherIsBetter: false, best: 0 } as const;
const labels = { task: 'classification', needs: 'predicted_labels' } as const;
const scores = { task: 'classification', needs: 'probabilities' } as const;

export const METRICS: { readonly [N in ClassificationMetricName]: ClassificationMetric } & {
  readonly [N in RegressionMetricName]: RegressionMetric;
} = {
  accuracy: { ...labels, ...higher, compute: accuracy, fromWindow: (m) => m.accuracy },
  balanced_accuracy: { ...labels, ...higher, compute: balancedAccuracy, fromWindow: (m) => m.balanced_accuracy },
  precision: { ...labels, ...higher, compute: (i) => precisionRecallF1(i).precision, fromWindow: (m) => m.precision },
  recall: { ...labels, ...higher, compute: (i) => precisionRecallF1(i).recall, fromWindow: (m) => m.recall },
  f1: { ...labels, ...higher, compute: (i) => precisionRecallF1(i).f1, fromWindow: (m) => m.f1 },
  specificity: { ...labels, ...higher, compute: specificity, fromWindow: (m) => m.specificity },
  roc_auc: { ...scores, ...higher, compute: rocAuc, fromWindow: (m) => m.roc_auc },
  average_precision: { ...scores, ...higher, compute: averagePrecision, fromWindow: (m) => m.average_precision },
  log_loss: { ...scores, ...lower, compute: logLoss, fromWindow: (m) => m.log_loss },
  brier: { ...scores, ...lower, compute: brierScore, fromWindow: (m) => m.brier },
  ece: { ...scores, ...lower, compute: (i) => calibration(i).ece, fromWindow: (m) => m.ece },
  mce: { ...scores, ...lower, compute: (i) => calibration(i).mce, fromWindow: (m) => m.mce },
  mae: { task: 'regression', ...lower, compute: meanAbsoluteError, fromWindow: (m) => m.mae },
  rmse: { task: 'regression', ...lower, compute: rootMeanSquaredError, fromWindow: (m) => m.rmse },
  mape: { task: 'regression', ...lower, compute: meanAbsolutePercentageError, fromWindow: (m) => m.mape },
  r2: { task: 'regression', ...higher, compute: r2, fromWindow: (m) => m.r2 },
  median_absolute_error: { task: 'regression', ...lower, compute: medianAbsoluteError, fromWindow: (m) => m.median_absolute_error },
};

export const METRIC_NAMES: readonly MetricName[] = [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS];

export function isMetricName(name: string): name is MetricName {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}

/**
 * A comma-separated list of metric names as a user types it (`roc_auc, f1`), checked: unknown names,
 * and names of the other task when `task` is given, are refused with one issue each under `path`.
 */
export function parseMetricList(text: string, path: string, task?: 'classification' | 'regression'): MetricName[] {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const issues = new IssueCollector();
  names.forEach((name, i) => {
    if (!isMetricName(name))
      issues.report('invalid_value', [path, i], `${JSON.stringify(name)} is not a metric; known: ${METRIC_NAMES.join(', ')}`);
    else if (task !== undefined && METRICS[name].task !== task)
      issues.report('invalid_value', [path, i], `${name} is a ${METRICS[name].task} metric, not a ${task} one`);
  });
  if (names.length === 0) issues.report('missing', [path], 'names no metric');
  issues.throwIfAny('invalid_argument', 'the metric list cannot be used');
  return [...new Set(names as MetricName[])];
}
