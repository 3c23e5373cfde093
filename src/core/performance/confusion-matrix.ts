/**
 * The confusion matrix: counts[i][j] is the number of rows whose true class is classes[i] and whose
 * predicted class is classes[j] — scikit-learn's confusion_matrix(y_true, y_pred, labels=classes).
 * Counts add, so windows and replicas merge exactly by adding their matrices; every label metric
 * (accuracy, balanced accuracy, precision, recall, F1) is computed from it alone.
 */
import { type ClassificationInput, encodeClassification, type Label, requirePredictions } from './classification-input.ts';

export interface ConfusionMatrix {
  readonly classes: readonly Label[];
  /** counts[true class][predicted class]. */
  readonly counts: readonly (readonly number[])[];
}

export function confusionMatrix(input: ClassificationInput): ConfusionMatrix {
  const data = encodeClassification(input);
  const predicted = requirePredictions(data, 'the confusion matrix');
  return { classes: data.classes, counts: countConfusion(data.truth, predicted, data.k) };
}

/** Counts from class indices (each in [0, k)); typed arrays or plain arrays alike. */
export function countConfusion(truth: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number[][] {
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let row = 0; row < truth.length; row++) counts[truth[row]!]![predicted[row]!]! += 1;
  return counts;
}

/** Row sums (true counts per class, sklearn's "support") and column sums (predicted counts per class). */
export function marginals(counts: readonly (readonly number[])[]): { support: number[]; predicted: number[]; total: number } {
  const k = counts.length;
  const support = new Array<number>(k).fill(0);
  const predicted = new Array<number>(k).fill(0);
  let total = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = counts[i]![j]!;
      support[i]! += c;
      predicted[j]! += c;
      total += c;
    }
  }
  return { support, predicted, total };
}
