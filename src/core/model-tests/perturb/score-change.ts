import type { ScoredRows } from '../suite-types.ts';

/**
 * How much a model's answers moved between the data as given and a perturbed copy.
 * - flip rate: share of rows whose predicted label changed (null for a regressor: it has no label);
 * - mean absolute change of the score: a binary classifier's P(positive class) (classes[1]), the largest
 *   |Δp| over the classes for a multiclass one, the predicted value for a regressor.
 * Rows the model could not score before (NaN) are left out of the mean: the perturbation did not cause
 * them. A row scored before and not after (a model without missing-value handling, given a missing value)
 * makes the mean undefined (null), so a bound on it fails rather than passing on the rows that remain.
 */
export interface ScoreChange {
  readonly flipRate: number | null;
  readonly flipped: number;
  readonly meanAbsChange: number | null;
  /** Rows with a score before the perturbation and none after. */
  readonly lostRows: number;
}

export function compareScores(before: ScoredRows, after: ScoredRows): ScoreChange {
  const rows = rowCount(before);
  let flipped = 0;
  let lostRows = 0;
  let judged = 0;
  let sum = 0;
  for (let row = 0; row < rows; row++) {
    const change = rowChange(before, after, row);
    if (Number.isNaN(change.was)) continue;
    if (Number.isNaN(change.delta)) {
      lostRows++;
    } else {
      judged++;
      sum += change.delta;
    }
  }
  if (before.kind === 'classification' && after.kind === 'classification') {
    for (let row = 0; row < rows; row++) if (before.labelIndex[row] !== after.labelIndex[row]) flipped++;
  }
  return {
    flipRate: before.kind === 'classification' ? (rows === 0 ? null : flipped / rows) : null,
    flipped,
    meanAbsChange: lostRows > 0 || judged === 0 ? null : sum / judged,
    lostRows,
  };
}

function rowCount(scored: ScoredRows): number {
  return scored.kind === 'classification' ? scored.labelIndex.length : scored.values.length;
}

/** The row's |Δ score| (NaN when the perturbed row has no score) and a score before (NaN when it had none). */
function rowChange(before: ScoredRows, after: ScoredRows, row: number): { delta: number; was: number } {
  if (before.kind === 'regression' || after.kind === 'regression') {
    const was = before.kind === 'regression' ? before.values[row]! : Number.NaN;
    const now = after.kind === 'regression' ? after.values[row]! : Number.NaN;
    return { delta: Math.abs(now - was), was };
  }
  const classes = before.classes.length;
  const base = row * classes;
  if (classes === 2) {
    const was = before.probabilities[base + 1]!;
    return { delta: Math.abs(after.probabilities[base + 1]! - was), was };
  }
  let largest = 0;
  let was = 0;
  for (let c = 0; c < classes; c++) {
    const p = before.probabilities[base + c]!;
    was += p; // NaN when any class had no probability
    const delta = Math.abs(after.probabilities[base + c]! - p);
    if (Number.isNaN(delta)) return { delta: Number.NaN, was };
    if (delta > largest) largest = delta;
  }
  return { delta: largest, was };
}

/** The score a direction check follows: P(class) of a classifier, the value of a regressor. */
export function rowScore(scored: ScoredRows, classIndex: number, row: number): number {
  return scored.kind === 'regression' ? scored.values[row]! : scored.probabilities[row * scored.classes.length + classIndex]!;
}
