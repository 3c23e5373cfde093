/**
 * The Brier score, as scikit-learn 1.9's brier_score_loss: the mean over rows of Σ_k (p_k − y_k)², with
 * y the one-hot true class, halved for two classes (scale_by_half="auto"), so the binary score is the
 * familiar mean of (p_positive − y)² in [0, 1] and the multiclass one lies in [0, 2]. Multiclass support
 * is new in sklearn 1.7; Ballast follows it.
 *
 * The per-row term is a plain sum, so windows merge exactly by adding sums and counts.
 */
import {
  type ClassificationInput,
  encodeClassification,
  type EncodedClassification,
  requireProbabilities,
} from './classification-input.ts';

/** Σ_k (p_k − [k = true class])² over one row's probabilities (not yet halved). */
export function brierTerm(probabilities: ArrayLike<number>, offset: number, k: number, trueClass: number): number {
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const d = probabilities[offset + c]! - (c === trueClass ? 1 : 0);
    sum += d * d;
  }
  return sum;
}

/** sklearn's scale_by_half="auto": halve with two classes. */
export function brierScale(k: number): number {
  return k === 2 ? 0.5 : 1;
}

export function brierScore(input: ClassificationInput): number {
  return brierScoreOf(encodeClassification(input));
}

export function brierScoreOf(data: EncodedClassification): number {
  const probabilities = requireProbabilities(data, 'the Brier score');
  let sum = 0;
  for (let row = 0; row < data.n; row++) sum += brierTerm(probabilities, row * data.k, data.k, data.truth[row]!);
  return (brierScale(data.k) * sum) / data.n;
}
