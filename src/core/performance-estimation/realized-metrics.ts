/**
 * Realised (label-based) classification metrics as NannyML's CBPE computes them: for the alert thresholds
 * (realised performance of reference chunks) and for the realised column beside each estimate.
 *
 * The values come from the exact, scikit-learn-tested metrics of src/core/performance (confusion counts,
 * label metrics, ROC AUC over threshold groups). This file is the thin wrapper that adds NannyML's rules on
 * top, so alert thresholds agree with NannyML's own:
 * - when a chunk has no value (null): no labelled rows; binary precision, recall and F1 when the labels or
 *   the predictions hold one class; binary specificity with no negative row (NannyML returns NaN where
 *   scikit-learn's zero_division would give 0); ROC AUC with one class among the labels, and for a
 *   multiclass model unless every class is among them; multiclass accuracy, precision, recall, F1 and
 *   specificity when the labels or the predictions hold one class;
 * - which classes a multiclass macro average runs over: all of the model's classes, see `macroOverAll`.
 */
import { countConfusion, marginals } from '../performance/confusion-matrix.ts';
import {
  accuracyFromCounts,
  perClass,
  precisionRecallF1FromCounts,
  specificityFromCounts,
  specificityPerClass,
} from '../performance/label-metrics.ts';
import { rocAucFromGroups } from '../performance/threshold-groups.ts';
import { argsortDescending } from './argsort.ts';
import type { CbpeMetric } from './metric-names.ts';

/** Labels and predictions are class indices (binary: 0 negative, 1 positive); scores one array per class. */
export interface LabelledRows {
  readonly labels: ArrayLike<number>;
  readonly predictions: ArrayLike<number>;
  /** Binary: one array, the positive class's score. Multiclass: one array per class. */
  readonly scores: ReadonlyArray<ArrayLike<number>>;
}

export type RealizedMetric = (metric: CbpeMetric, rows: LabelledRows, classCount: number) => number | null;

/** ROC AUC of 0/1 labels against scores, scikit-learn's value (ties count half); NaN with one class. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return rocAucInOrder(labels, scores, argsortDescending(scores));
}

/**
 * rocAuc with the rows already ordered by decreasing score (`order`). How rows of equal score are ordered
 * does not matter: they make one group, and a group's counts are whole numbers.
 */
export function rocAucInOrder(labels: ArrayLike<number>, scores: ArrayLike<number>, order: ArrayLike<number>): number {
  // The threshold groups of src/core/performance (groupsFromScores): one group per distinct score,
  // highest first, with its positives and negatives.
  const n = scores.length;
  const positives: number[] = [];
  const negatives: number[] = [];
  let i = 0;
  while (i < n) {
    const score = scores[order[i]!]!;
    let pos = 0;
    let neg = 0;
    for (; i < n && scores[order[i]!] === score; i++) {
      if (labels[order[i]!]) pos += 1;
      else neg += 1;
    }
    positives.push(pos);
    negatives.push(neg);
  }
  return rocAucFromGroups({ positives: Float64Array.from(positives), negatives: Float64Array.from(negatives) });
}

type Counts = number[][];

export const realizedMetric: RealizedMetric = (metric, rows, classCount) => {
  if (rows.labels.length === 0) return null;
  const counts = countConfusion(rows.labels, rows.predictions, classCount);
  const value = classCount === 2 && rows.scores.length === 1 ? binary(metric, rows, counts) : multiclass(metric, rows, counts);
  return Number.isFinite(value) ? value : null;
};

/** How many classes occur among the labels (rows of the matrix) and among the predictions (columns). */
function occurring(counts: Counts): { labels: number; predictions: number } {
  const { support, predicted } = marginals(counts);
  return { labels: support.filter((s) => s > 0).length, predictions: predicted.filter((p) => p > 0).length };
}

function binary(metric: CbpeMetric, rows: LabelledRows, counts: Counts): number {
  switch (metric) {
    case 'roc_auc':
      return rocAuc(rows.labels, rows.scores[0]!);
    case 'accuracy':
      return accuracyFromCounts(counts);
    case 'specificity':
      // tn + fp is the number of negative rows; NannyML has no value without one (zero_division would say 0).
      return marginals(counts).support[0] === 0 ? Number.NaN : specificityFromCounts(counts);
    default: {
      const seen = occurring(counts);
      if (seen.labels <= 1 || seen.predictions <= 1) return Number.NaN;
      return precisionRecallF1FromCounts(counts, 'binary')[metric];
    }
  }
}

function multiclass(metric: CbpeMetric, rows: LabelledRows, counts: Counts): number {
  const k = counts.length;
  const seen = occurring(counts);
  if (metric === 'roc_auc') {
    if (seen.labels !== k) return Number.NaN;
    let sum = 0;
    for (let c = 0; c < k; c++)
      sum += rocAuc(
        Array.from(rows.labels, (l) => (l === c ? 1 : 0)),
        rows.scores[c]!,
      );
    return sum / k;
  }
  if (seen.labels <= 1 || seen.predictions <= 1) return Number.NaN;
  switch (metric) {
    case 'accuracy':
      return accuracyFromCounts(counts);
    case 'specificity':
      return macroOverAll(specificityPerClass(counts));
    default:
      return macroOverAll(perClass(counts)[metric]);
  }
}

/**
 * The mean over every class of the model. NannyML passes `labels=` all classes to scikit-learn (and averages
 * multilabel_confusion_matrix over all of them for specificity), so a class absent from a chunk's labels and
 * predictions counts with precision, recall and F1 0 (zero_division) and specificity 1. The macro averages of
 * src/core/performance follow scikit-learn's default (labels=None) and skip such a class, so the wrapper
 * averages the per-class values itself.
 */
function macroOverAll(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
