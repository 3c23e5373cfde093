/**
 * Accuracy, balanced accuracy, precision, recall and F1 from a confusion matrix, as scikit-learn 1.9
 * defines them (accuracy_score, balanced_accuracy_score, precision_score / recall_score / f1_score).
 *
 * zero_division: where a ratio has a zero denominator (precision of a class never predicted, recall of a
 * class never true, F1 of a class neither) the value is 0 — sklearn's default (zero_division="warn"
 * returns 0 and warns). Ballast does not warn; docs/performance.md says so.
 *
 * Averages for more than two classes follow sklearn's labels=None: the classes averaged over are those
 * that occur in y_true or y_pred, so a class of the model absent from both does not pull a macro
 * average down. "weighted" weighs each class by its support (true count). "binary" is the positive
 * class, classes[1], alone.
 */
import type { ClassificationInput } from './classification-input.ts';
import { confusionMatrix, marginals } from './confusion-matrix.ts';

export type Average = 'binary' | 'macro' | 'weighted';

export interface PrecisionRecallF1 {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

type Counts = readonly (readonly number[])[];

/** The share of rows predicted right; NaN for an empty matrix (sklearn refuses empty input). */
export function accuracyFromCounts(counts: Counts): number {
  const { total } = marginals(counts);
  let right = 0;
  for (let i = 0; i < counts.length; i++) right += counts[i]![i]!;
  return right / total;
}

/** The mean of per-class recall over the classes that occur in y_true (sklearn drops the others, with a warning). */
export function balancedAccuracyFromCounts(counts: Counts): number {
  const { support } = marginals(counts);
  let sum = 0;
  let classes = 0;
  for (let i = 0; i < counts.length; i++) {
    if (support[i]! === 0) continue;
    sum += counts[i]![i]! / support[i]!;
    classes += 1;
  }
  return sum / classes;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** Per-class precision, recall and F1 (F1 = 2·tp / (2·tp + fp + fn), sklearn's form, which needs no precision/recall of its own). */
export function perClass(counts: Counts): { precision: number[]; recall: number[]; f1: number[]; support: number[]; present: boolean[] } {
  const { support, predicted } = marginals(counts);
  const k = counts.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const present: boolean[] = [];
  for (let i = 0; i < k; i++) {
    const tp = counts[i]![i]!;
    precision.push(ratio(tp, predicted[i]!));
    recall.push(ratio(tp, support[i]!));
    f1.push(ratio(2 * tp, predicted[i]! + support[i]!));
    present.push(support[i]! > 0 || predicted[i]! > 0);
  }
  return { precision, recall, f1, support, present };
}

/** Each class's one-vs-rest specificity, tn ÷ (tn + fp) (from sklearn's multilabel_confusion_matrix); 0 where tn + fp = 0, as zero_division above. */
export function specificityPerClass(counts: Counts): number[] {
  const { support, predicted, total } = marginals(counts);
  return counts.map((row, i) => {
    const fp = predicted[i]! - row[i]!;
    const tn = total - support[i]! - fp;
    return ratio(tn, tn + fp);
  });
}

/**
 * Specificity: for two classes that of the positive class (= recall of the negative class, sklearn's
 * recall_score(pos_label=classes[0])); for more, the macro average over the classes in y_true or y_pred
 * of each class's one-vs-rest specificity. Not a metric sklearn names; CBPE estimates it, so the realised
 * value sits beside the estimate.
 */
export function specificityFromCounts(counts: Counts): number {
  const per = specificityPerClass(counts);
  if (counts.length === 2) return per[1]!;
  const { support, predicted } = marginals(counts);
  let sum = 0;
  let classes = 0;
  for (let i = 0; i < counts.length; i++) {
    if (support[i]! === 0 && predicted[i]! === 0) continue;
    sum += per[i]!;
    classes += 1;
  }
  return ratio(sum, classes);
}

export function precisionRecallF1FromCounts(counts: Counts, average: Average): PrecisionRecallF1 {
  const per = perClass(counts);
  if (average === 'binary') {
    if (counts.length !== 2) throw new RangeError(`the binary average needs two classes, got ${counts.length}`);
    return { precision: per.precision[1]!, recall: per.recall[1]!, f1: per.f1[1]! };
  }
  const weights = per.support.map((s, i) => (average === 'weighted' ? s : per.present[i] ? 1 : 0));
  const mean = (values: number[]): number => {
    let sum = 0;
    let weight = 0;
    values.forEach((v, i) => {
      sum += weights[i]! * v;
      weight += weights[i]!;
    });
    return ratio(sum, weight);
  };
  return { precision: mean(per.precision), recall: mean(per.recall), f1: mean(per.f1) };
}

function countsOf(input: ClassificationInput): number[][] {
  return confusionMatrix(input).counts as number[][];
}

export function accuracy(input: ClassificationInput): number {
  return accuracyFromCounts(countsOf(input));
}

export function balancedAccuracy(input: ClassificationInput): number {
  return balancedAccuracyFromCounts(countsOf(input));
}

/** average defaults to "binary" for two classes and "macro" for more, the registry's choice. */
export function precisionRecallF1(
  input: ClassificationInput,
  average: Average = input.classes.length === 2 ? 'binary' : 'macro',
): PrecisionRecallF1 {
  return precisionRecallF1FromCounts(countsOf(input), average);
}

export function specificity(input: ClassificationInput): number {
  return specificityFromCounts(countsOf(input));
}
