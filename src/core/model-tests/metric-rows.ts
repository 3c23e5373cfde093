/**
 * A registry metric computed on a list of row indexes of the test data, fast enough to run once per
 * bootstrap round on a million rows. A list may repeat a row (a bootstrap resample does), so a metric of
 * a resample is the metric of the rows it names, each as often as it names it.
 *
 * The numbers are the metric registry's (src/core/performance/metric-registry.ts: the same definitions,
 * scikit-learn's): label metrics from the confusion matrix through label-metrics.ts, score metrics through
 * the encoded `…Of` functions, regression metrics with the sums regression-metrics.ts uses. A test checks
 * that every metric here equals the registry's `compute` on the same rows. What this file adds is only
 * speed: no label strings, no array of arrays, one flat pass.
 */
import { BallastError } from '../errors.ts';
import { brierScale, brierScoreOf, brierTerm } from '../performance/brier-score.ts';
import { calibrationOf } from '../performance/calibration.ts';
import type { EncodedClassification } from '../performance/classification-input.ts';
import {
  accuracyFromCounts,
  balancedAccuracyFromCounts,
  precisionRecallF1FromCounts,
  specificityFromCounts,
} from '../performance/label-metrics.ts';
import { logLossOf, logLossTerm } from '../performance/log-loss.ts';
import { METRICS, type MetricName } from '../performance/metric-registry.ts';
import { averagePrecisionOf, rocAucOf } from '../performance/ranking-metrics.ts';
import { absolutePercentageError, r2FromSums } from '../performance/regression-metrics.ts';
import type { CheckData, ScoredRows } from './suite-types.ts';

/** What a metric reads of the test data and one model's answers on it. */
export type MetricRows =
  | {
      readonly task: 'classification';
      readonly k: number;
      readonly truth: Int32Array;
      readonly predicted: Int32Array;
      /** rows × k, row-major. */
      readonly probabilities: Float64Array;
    }
  | { readonly task: 'regression'; readonly truth: Float64Array; readonly predicted: Float64Array };

/** Metrics that are a function of the confusion matrix alone: their bootstrap can resample counts instead of rows. */
const COUNT_METRICS = new Set<MetricName>(['accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'specificity']);

export function isCountMetric(metric: MetricName): boolean {
  return COUNT_METRICS.has(metric);
}

/** The metric oriented so a larger number is better (the registry's higherIsBetter). */
export function betterIsHigher(metric: MetricName): boolean {
  return METRICS[metric].higherIsBetter;
}

/**
 * The rows a metric of check `checkName` reads, with the data's labels and `scored`'s answers. A metric of
 * the other task (`mae` of a classifier, `roc_auc` of a regressor) is a suite error pointing at the metric.
 */
export function metricRowsOf(data: CheckData, scored: ScoredRows, metric: MetricName, checkName: string): MetricRows {
  const task = METRICS[metric].task;
  if (task !== scored.kind) {
    throw new BallastError(
      'invalid_test_suite',
      `check ${checkName}: ${metric} is a ${task} metric, but the model is a ${scored.kind} one`,
      [
        {
          code: 'invalid_value',
          path: ['checks', checkName, 'metric'],
          message: `${metric} is a ${task} metric; the model is a ${scored.kind} one`,
        },
      ],
    );
  }
  if (scored.kind === 'classification') {
    return {
      task: 'classification',
      k: scored.classes.length,
      truth: data.labels as Int32Array,
      predicted: scored.labelIndex,
      probabilities: scored.probabilities,
    };
  }
  return { task: 'regression', truth: data.labels as Float64Array, predicted: scored.values };
}

/** The number of rows `rows` holds. */
export function rowCount(rows: MetricRows): number {
  return rows.truth.length;
}

/** The confusion matrix (counts[true][predicted]) of the listed rows. */
function confusionOfRows(rows: MetricRows & { task: 'classification' }, subset: Int32Array): number[][] {
  const { k, truth, predicted } = rows;
  const flat = new Float64Array(k * k);
  for (let i = 0; i < subset.length; i++) {
    const row = subset[i]!;
    flat[truth[row]! * k + predicted[row]!]! += 1;
  }
  return countsMatrix(flat, k, 0);
}

/** A k × k matrix of the flat counts starting at `offset`. */
export function countsMatrix(flat: ArrayLike<number>, k: number, offset: number): number[][] {
  const counts: number[][] = [];
  for (let t = 0; t < k; t++) {
    const line: number[] = [];
    for (let p = 0; p < k; p++) line.push(flat[offset + t * k + p]!);
    counts.push(line);
  }
  return counts;
}

/** A count metric from a confusion matrix; NaN where no row was counted. */
export function metricOfCounts(metric: MetricName, counts: readonly (readonly number[])[]): number {
  let total = 0;
  for (const line of counts) for (const c of line) total += c;
  if (total === 0) return Number.NaN;
  switch (metric) {
    case 'accuracy':
      return accuracyFromCounts(counts);
    case 'balanced_accuracy':
      return balancedAccuracyFromCounts(counts);
    case 'specificity':
      return specificityFromCounts(counts);
    case 'precision':
    case 'recall':
    case 'f1':
      return precisionRecallF1FromCounts(counts, counts.length === 2 ? 'binary' : 'macro')[metric];
    default:
      throw new RangeError(`${metric} is not a function of the confusion matrix`);
  }
}

/** The metric of the listed rows (a row listed twice counts twice); NaN for no rows or where the metric is undefined. */
export function metricOfRows(metric: MetricName, rows: MetricRows, subset: Int32Array): number {
  if (subset.length === 0) return Number.NaN;
  if (rows.task === 'classification') {
    if (isCountMetric(metric)) return metricOfCounts(metric, confusionOfRows(rows, subset));
    if (metric === 'log_loss' || metric === 'brier') return meanOfTerms(metric, rows, subset);
    return scoreMetric(metric, encodedSubset(rows, subset));
  }
  return regressionMetric(metric, rows, subset);
}

/** Every row, in order: the subset of the whole data. */
export function allRows(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * Log loss and Brier are means of a per-row term: the terms are computed once per set of rows (a bootstrap
 * asks for thousands of subsets of the same rows) and summed in the subset's order, the same sums
 * logLossOf and brierScoreOf make.
 */
const termCache = new WeakMap<MetricRows, { log_loss?: Float64Array; brier?: Float64Array }>();

function meanOfTerms(metric: 'log_loss' | 'brier', rows: MetricRows & { task: 'classification' }, subset: Int32Array): number {
  let cached = termCache.get(rows);
  if (cached === undefined) termCache.set(rows, (cached = {}));
  const { k, truth, probabilities } = rows;
  let terms = cached[metric];
  if (terms === undefined) {
    terms = new Float64Array(truth.length);
    for (let row = 0; row < truth.length; row++) {
      terms[row] =
        metric === 'log_loss' ? logLossTerm(probabilities[row * k + truth[row]!]!) : brierTerm(probabilities, row * k, k, truth[row]!);
    }
    cached[metric] = terms;
  }
  let sum = 0;
  for (let i = 0; i < subset.length; i++) sum += terms[subset[i]!]!;
  return metric === 'log_loss' ? sum / subset.length : (brierScale(k) * sum) / subset.length;
}

function encodedSubset(rows: MetricRows & { task: 'classification' }, subset: Int32Array): EncodedClassification {
  const { k } = rows;
  const n = subset.length;
  const truth = new Int32Array(n);
  const predicted = new Int32Array(n);
  const probabilities = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = subset[i]!;
    truth[i] = rows.truth[row]!;
    predicted[i] = rows.predicted[row]!;
    // A plain loop: a subarray per row would allocate a million views for a million rows.
    for (let c = 0; c < k; c++) probabilities[i * k + c] = rows.probabilities[row * k + c]!;
  }
  return { classes: Array.from({ length: k }, (_, c) => c), k, n, truth, predicted, probabilities };
}

function scoreMetric(metric: MetricName, data: EncodedClassification): number {
  switch (metric) {
    case 'roc_auc':
      return rocAucOf(data);
    case 'average_precision':
      return averagePrecisionOf(data);
    case 'log_loss':
      return logLossOf(data);
    case 'brier':
      return brierScoreOf(data);
    case 'ece':
      return calibrationOf(data).ece;
    case 'mce':
      return calibrationOf(data).mce;
    default:
      throw new RangeError(`${metric} is not a classification score metric`);
  }
}

function regressionMetric(metric: MetricName, rows: MetricRows & { task: 'regression' }, subset: Int32Array): number {
  const { truth, predicted } = rows;
  const n = subset.length;
  switch (metric) {
    case 'mae':
    case 'rmse':
    case 'mape': {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const row = subset[i]!;
        const e = truth[row]! - predicted[row]!;
        sum += metric === 'mae' ? Math.abs(e) : metric === 'rmse' ? e * e : absolutePercentageError(truth[row]!, predicted[row]!);
      }
      return metric === 'rmse' ? Math.sqrt(sum / n) : sum / n;
    }
    case 'r2': {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += truth[subset[i]!]!;
      mean /= n;
      let residual = 0;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const row = subset[i]!;
        residual += (truth[row]! - predicted[row]!) ** 2;
        total += (truth[row]! - mean) ** 2;
      }
      return r2FromSums(residual, total, n);
    }
    case 'median_absolute_error': {
      const errors = new Float64Array(n);
      for (let i = 0; i < n; i++) errors[i] = Math.abs(truth[subset[i]!]! - predicted[subset[i]!]!);
      errors.sort();
      const middle = n >> 1;
      return n % 2 === 1 ? errors[middle]! : (errors[middle - 1]! + errors[middle]!) / 2;
    }
    default:
      throw new RangeError(`${metric} is not a regression metric`);
  }
}
