/**
 * Log loss (cross-entropy), as scikit-learn 1.9's log_loss: the mean over rows of −log p(true class),
 * where each probability is first clipped to [ε, 1 − ε] with ε = 2.220446049250313e-16, float64's
 * machine epsilon (np.finfo(float64).eps). sklearn 1.9 has no `eps` argument any more (deprecated in 1.3,
 * removed in 1.5); it clips with the dtype's epsilon, so a probability of exactly 0 for the true class
 * costs −log(2.22e-16) ≈ 36.04 instead of infinity. Rows are not renormalised (sklearn only warns when
 * they do not sum to one; Ballast refuses such rows in its input check).
 *
 * The per-row term is a plain sum, so windows merge exactly by adding sums and counts.
 */
import {
  type ClassificationInput,
  encodeClassification,
  type EncodedClassification,
  requireProbabilities,
} from './classification-input.ts';

export const LOG_LOSS_EPSILON = 2.220446049250313e-16;

/** −log of the true class's probability after sklearn's clipping. */
export function logLossTerm(trueClassProbability: number): number {
  const p = Math.min(Math.max(trueClassProbability, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
  return -Math.log(p);
}

export function logLoss(input: ClassificationInput): number {
  return logLossOf(encodeClassification(input));
}

export function logLossOf(data: EncodedClassification): number {
  const probabilities = requireProbabilities(data, 'log loss');
  let sum = 0;
  for (let row = 0; row < data.n; row++) sum += logLossTerm(probabilities[row * data.k + data.truth[row]!]!);
  return sum / data.n;
}
