/**
 * Realised (label-based) classification metrics, only as far as CBPE needs them: for the alert thresholds
 * (realised performance of reference chunks, as NannyML derives them) and for the realised column beside the
 * estimate. The null cases follow NannyML's CBPE (a chunk whose labels or predictions hold one class has no
 * realised F1, say), so thresholds agree with its own.
 *
 * The exact, scikit-learn-tested metrics of issue #13 live in src/core/performance/; the CBPE runner takes its
 * realised metric as an argument (`RealizedMetric`) so it can use those instead of this file.
 */
import type { CbpeMetric } from './metric-names.ts';

/** Labels and predictions are class indices (binary: 0 negative, 1 positive); scores one array per class. */
export interface LabelledRows {
  readonly labels: ArrayLike<number>;
  readonly predictions: ArrayLike<number>;
  /** Binary: one array, the positive class's score. Multiclass: one array per class. */
  readonly scores: ReadonlyArray<ArrayLike<number>>;
}

export type RealizedMetric = (metric: CbpeMetric, rows: LabelledRows, classCount: number) => number | null;

/** ROC AUC of binary labels by the Mann–Whitney statistic with mid-ranks for ties (scikit-learn's value). */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

interface OneVsRest {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

function counts(rows: LabelledRows, positive: number): OneVsRest {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < rows.labels.length; i++) {
    const actual = rows.labels[i] === positive;
    const predicted = rows.predictions[i] === positive;
    if (actual && predicted) c.tp++;
    else if (predicted) c.fp++;
    else if (actual) c.fn++;
    else c.tn++;
  }
  return c;
}

/** scikit-learn's zero_division='warn' gives 0 for an empty denominator. */
const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function classMetric(metric: CbpeMetric, c: OneVsRest): number {
  switch (metric) {
    case 'precision':
      return ratio(c.tp, c.tp + c.fp);
    case 'recall':
      return ratio(c.tp, c.tp + c.fn);
    case 'f1':
      return ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
    case 'specificity':
      return c.tn + c.fp === 0 ? Number.NaN : c.tn / (c.tn + c.fp);
    default:
      throw new RangeError(`not a one-vs-rest count metric: ${metric}`);
  }
}

function distinct(values: ArrayLike<number>): number {
  return new Set(Array.from(values)).size;
}

function accuracy(rows: LabelledRows): number {
  let right = 0;
  for (let i = 0; i < rows.labels.length; i++) if (rows.labels[i] === rows.predictions[i]) right++;
  return right / rows.labels.length;
}

export const realizedMetric: RealizedMetric = (metric, rows, classCount) => {
  if (rows.labels.length === 0) return null;
  const value = classCount === 2 && rows.scores.length === 1 ? binary(metric, rows) : multiclass(metric, rows, classCount);
  return Number.isFinite(value) ? value : null;
};

function binary(metric: CbpeMetric, rows: LabelledRows): number {
  if (metric === 'roc_auc') return rocAuc(rows.labels, rows.scores[0]!);
  if (metric === 'accuracy') return accuracy(rows);
  if (metric !== 'specificity' && (distinct(rows.labels) <= 1 || distinct(rows.predictions) <= 1)) return Number.NaN;
  return classMetric(metric, counts(rows, 1));
}

function multiclass(metric: CbpeMetric, rows: LabelledRows, classCount: number): number {
  if (metric === 'roc_auc') {
    if (distinct(rows.labels) !== classCount) return Number.NaN;
    let sum = 0;
    for (let k = 0; k < classCount; k++) sum += rocAuc(Array.from(rows.labels, (l) => (l === k ? 1 : 0)), rows.scores[k]!);
    return sum / classCount;
  }
  if (distinct(rows.labels) <= 1 || distinct(rows.predictions) <= 1) return Number.NaN;
  if (metric === 'accuracy') return accuracy(rows);
  let sum = 0;
  for (let k = 0; k < classCount; k++) sum += classMetric(metric, counts(rows, k));
  return sum / classCount;
}
