import type { DesiredOutcome, ModelAnswers } from './counterfactual.ts';

export interface RowOutcomes {
  /** 1 where the row has the desired outcome. */
  readonly valid: Uint8Array;
  /** How near each row is to the desired outcome (higher is nearer); ranks candidates that do not flip. */
  readonly score: Float64Array;
}

/**
 * Whether each answered row has the desired outcome. A class is reached when the model's own label
 * is that class (its argmax, or its threshold for a binary model), not when its probability passes
 * some other cut: the counterfactual must change what the model serves.
 */
export function scoreAnswers(desired: DesiredOutcome, answers: ModelAnswers, rowCount: number): RowOutcomes {
  const valid = new Uint8Array(rowCount);
  const score = new Float64Array(rowCount);
  if (desired.kind === 'class') {
    if (answers.kind === 'regression') throw new Error('a class was desired from a regression model');
    const width = answers.classes.length;
    for (let row = 0; row < rowCount; row++) {
      valid[row] = answers.labelIndex[row] === desired.classIndex ? 1 : 0;
      score[row] = answers.probabilities[row * width + desired.classIndex]!;
    }
  } else {
    if (answers.kind !== 'regression') throw new Error('a value range was desired from a classifier');
    for (let row = 0; row < rowCount; row++) {
      const value = answers.values[row]!;
      const gap = value < desired.min ? desired.min - value : value > desired.max ? value - desired.max : 0;
      valid[row] = gap === 0 && !Number.isNaN(value) ? 1 : 0;
      score[row] = Number.isNaN(value) ? -Infinity : -gap;
    }
  }
  return { valid, score };
}
