import type { ScoreKind } from '../../core/signature.ts';

/**
 * Class scores of `rowCount` rows as probabilities, row-major, `classCount` per row. `values` holds
 * either `classCount` scores per row, or, for a binary model, one per row: P(class 1), or its logit.
 * Logits go through a softmax that subtracts the row's maximum first, so large logits do not
 * overflow; one logit z goes through the sigmoid, which is the softmax of [0, z].
 * Returns undefined when `values` has neither length.
 */
export function scoresToProbabilities(
  values: ArrayLike<number>,
  rowCount: number,
  classCount: number,
  scores: ScoreKind,
): Float64Array | undefined {
  if (classCount === 2 && values.length === rowCount) return fromOneColumn(values, rowCount, scores);
  if (values.length !== rowCount * classCount) return undefined;
  const probabilities = Float64Array.from(values);
  if (scores === 'probabilities') return probabilities;
  for (let row = 0; row < rowCount; row++) {
    const start = row * classCount;
    let max = -Infinity;
    for (let k = 0; k < classCount; k++) max = Math.max(max, probabilities[start + k]!);
    let sum = 0;
    for (let k = 0; k < classCount; k++) {
      const e = Math.exp(probabilities[start + k]! - max);
      probabilities[start + k] = e;
      sum += e;
    }
    for (let k = 0; k < classCount; k++) probabilities[start + k]! /= sum;
  }
  return probabilities;
}

function fromOneColumn(values: ArrayLike<number>, rowCount: number, scores: ScoreKind): Float64Array {
  const pairs = new Float64Array(rowCount * 2);
  for (let row = 0; row < rowCount; row++) {
    const value = values[row]!;
    const positive = scores === 'probabilities' ? value : 1 / (1 + Math.exp(-value));
    pairs[row * 2] = 1 - positive;
    pairs[row * 2 + 1] = positive;
  }
  return pairs;
}

/** Per row, the index of the most probable class; the first one on a tie, 0 for a row of NaN. */
export function mostProbable(probabilities: Float64Array, rowCount: number, classCount: number): Int32Array {
  const indexes = new Int32Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const start = row * classCount;
    let best = 0;
    for (let k = 1; k < classCount; k++) if (probabilities[start + k]! > probabilities[start + best]!) best = k;
    indexes[row] = best;
  }
  return indexes;
}

/** How far a row of probabilities may sum from 1 (float32 arithmetic over a few classes stays far inside this). */
const SUM_TOLERANCE = 1e-3;

/**
 * Whether `rowCount` rows of `classCount` scores read as probabilities (every score in [0, 1] and
 * every row summing to 1), as logits (some row does not), or cannot tell (a score is not finite).
 */
export function detectScoreKind(values: ArrayLike<number>, rowCount: number, classCount: number): ScoreKind | undefined {
  if (values.length !== rowCount * classCount || rowCount === 0) return undefined;
  let probabilities = true;
  for (let row = 0; row < rowCount; row++) {
    let sum = 0;
    for (let k = 0; k < classCount; k++) {
      const value = values[row * classCount + k]!;
      if (!Number.isFinite(value)) return undefined;
      if (value < 0 || value > 1) probabilities = false;
      sum += value;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) probabilities = false;
  }
  return probabilities ? 'probabilities' : 'logits';
}
