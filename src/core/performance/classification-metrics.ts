/**
 * Every classification metric of a set of rows at once, encoding the input once (the offline path:
 * `ballast performance` on a file). The result has the same shape as a mergeable window's metrics,
 * ROC AUC and average precision here are exact (their error bounds 0), and every value matches
 * scikit-learn (see docs/performance.md).
 */
import { brierScoreOf } from './brier-score.ts';
import { calibrationOf, DEFAULT_CALIBRATION_BINS } from './calibration.ts';
import {
  type ClassificationInput,
  encodeClassification,
  type Label,
  requirePredictions,
  requireProbabilities,
} from './classification-input.ts';
import { countConfusion } from './confusion-matrix.ts';
import {
  accuracyFromCounts,
  balancedAccuracyFromCounts,
  precisionRecallF1FromCounts,
  type PrecisionRecallF1,
  specificityFromCounts,
} from './label-metrics.ts';
import { logLossOf } from './log-loss.ts';
import { averagePrecisionOf, rocAucOf } from './ranking-metrics.ts';

export interface ReliabilityPointJson {
  bin: number;
  lower: number;
  upper: number;
  count: number;
  mean_predicted: number;
  observed_frequency: number;
}

/** NaN where a metric is undefined (no rows, ROC AUC with one class); JSON writers turn it into null. */
export interface ClassificationMetrics {
  rows: number;
  accuracy: number;
  balanced_accuracy: number;
  /** Binary: the positive class (classes[1]); more classes: the macro average. */
  precision: number;
  recall: number;
  f1: number;
  /** Binary: the positive class's; more classes: the macro average. */
  specificity: number;
  macro: PrecisionRecallF1;
  weighted: PrecisionRecallF1;
  roc_auc: number;
  /** |roc_auc − the exact ROC AUC of the same rows| ≤ this (0 when computed from the rows). */
  roc_auc_error_bound: number;
  average_precision: number;
  average_precision_error_bound: number;
  log_loss: number;
  brier: number;
  ece: number;
  mce: number;
  reliability: ReliabilityPointJson[];
  confusion_matrix: { classes: Label[]; counts: number[][] };
}

/** The label metrics of a confusion matrix, shared by the exact path and the window. */
export function labelMetrics(
  counts: number[][],
): Pick<ClassificationMetrics, 'accuracy' | 'balanced_accuracy' | 'precision' | 'recall' | 'f1' | 'specificity' | 'macro' | 'weighted'> {
  const macro = precisionRecallF1FromCounts(counts, 'macro');
  const weighted = precisionRecallF1FromCounts(counts, 'weighted');
  const headline = counts.length === 2 ? precisionRecallF1FromCounts(counts, 'binary') : macro;
  return {
    accuracy: accuracyFromCounts(counts),
    balanced_accuracy: balancedAccuracyFromCounts(counts),
    ...headline,
    specificity: specificityFromCounts(counts),
    macro,
    weighted,
  };
}

export function classificationMetrics(input: ClassificationInput, calibrationBins = DEFAULT_CALIBRATION_BINS): ClassificationMetrics {
  const data = encodeClassification(input);
  const predicted = requirePredictions(data, 'the classification metrics');
  requireProbabilities(data, 'the classification metrics');
  const counts = countConfusion(data.truth, predicted, data.k);
  const calibration = calibrationOf(data, calibrationBins);
  return {
    rows: data.n,
    ...labelMetrics(counts),
    roc_auc: rocAucOf(data),
    roc_auc_error_bound: 0,
    average_precision: averagePrecisionOf(data),
    average_precision_error_bound: 0,
    log_loss: logLossOf(data),
    brier: brierScoreOf(data),
    ece: calibration.ece,
    mce: calibration.mce,
    reliability: calibration.points.map((p) => ({
      bin: p.bin,
      lower: p.lower,
      upper: p.upper,
      count: p.count,
      mean_predicted: p.meanPredicted,
      observed_frequency: p.observedFrequency,
    })),
    confusion_matrix: { classes: [...data.classes], counts },
  };
}
