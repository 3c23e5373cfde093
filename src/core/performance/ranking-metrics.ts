/**
 * ROC AUC and average precision of a classifier's probabilities. Binary: the positive class's
 * probability (column 1) against whether the row is positive. More classes: one-vs-rest per class
 * (column k against "true class is k"), macro averaged — sklearn's roc_auc_score(multi_class="ovr",
 * average="macro") and the macro average of average_precision_score per class.
 *
 * Undefined cases follow sklearn: a class with no positive or no negative row has no ROC AUC (NaN), and
 * so the multiclass macro average is NaN too; a class with no positive row has AP 0.
 */
import {
  type ClassificationInput,
  encodeClassification,
  type EncodedClassification,
  requireProbabilities,
} from './classification-input.ts';
import { averagePrecisionFromGroups, groupsFromScores, rocAucFromGroups, type ThresholdGroups } from './threshold-groups.ts';

/** The classes scored one-vs-rest: the positive class alone for two classes, every class otherwise. */
export function scoredClasses(k: number): number[] {
  return k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
}

function classGroups(data: EncodedClassification, c: number, metric: string): ThresholdGroups {
  const probabilities = requireProbabilities(data, metric);
  const scores = new Float64Array(data.n);
  const isPositive = new Uint8Array(data.n);
  for (let row = 0; row < data.n; row++) {
    scores[row] = probabilities[row * data.k + c]!;
    isPositive[row] = data.truth[row] === c ? 1 : 0;
  }
  return groupsFromScores(scores, isPositive);
}

function macro(data: EncodedClassification, metric: string, ofGroups: (groups: ThresholdGroups) => number): number {
  const classes = scoredClasses(data.k);
  let sum = 0;
  for (const c of classes) sum += ofGroups(classGroups(data, c, metric));
  return sum / classes.length;
}

export function rocAucOf(data: EncodedClassification): number {
  return macro(data, 'ROC AUC', rocAucFromGroups);
}

export function averagePrecisionOf(data: EncodedClassification): number {
  return macro(data, 'average precision', averagePrecisionFromGroups);
}

export function rocAuc(input: ClassificationInput): number {
  return rocAucOf(encodeClassification(input));
}

export function averagePrecision(input: ClassificationInput): number {
  return averagePrecisionOf(encodeClassification(input));
}
