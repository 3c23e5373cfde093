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
  const { sum, judged, lostRows } = absoluteChanges(before, after, rows);
  let flipped = 0;
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

/** Σ |Δ score| over the rows scored before and after, how many those are, and how many lost their score. */
function absoluteChanges(before: ScoredRows, after: ScoredRows, rows: number): { sum: number; judged: number; lostRows: number } {
  let sum = 0;
  let judged = 0;
  let lostRows = 0;
  const add = (was: number, delta: number) => {
    if (Number.isNaN(was)) return;
    if (Number.isNaN(delta)) lostRows++;
    else {
      judged++;
      sum += delta;
    }
  };
  if (before.kind === 'regression' || after.kind === 'regression') {
    const was = before.kind === 'regression' ? before.values : new Float64Array(rows).fill(Number.NaN);
    const now = after.kind === 'regression' ? after.values : new Float64Array(rows).fill(Number.NaN);
    for (let row = 0; row < rows; row++) add(was[row]!, Math.abs(now[row]! - was[row]!));
    return { sum, judged, lostRows };
  }
  const classes = before.classes.length;
  const p = before.probabilities;
  const q = after.probabilities;
  if (classes === 2) {
    for (let row = 0; row < rows; row++) add(p[row * 2 + 1]!, Math.abs(q[row * 2 + 1]! - p[row * 2 + 1]!));
    return { sum, judged, lostRows };
  }
  for (let row = 0; row < rows; row++) {
    let was = 0; // NaN when any class had no probability before
    let largest = 0;
    for (let c = row * classes; c < (row + 1) * classes; c++) {
      was += p[c]!;
      const delta = Math.abs(q[c]! - p[c]!);
      // A NaN delta must win over every number: Math.max would give NaN too, but `>` would skip it.
      largest = Number.isNaN(delta) || Number.isNaN(largest) ? Number.NaN : Math.max(largest, delta);
    }
    add(was, largest);
  }
  return { sum, judged, lostRows };
}

/** The score a direction check follows: P(class) of a classifier, the value of a regressor. */
export function rowScore(scored: ScoredRows, classIndex: number, row: number): number {
  return scored.kind === 'regression' ? scored.values[row]! : scored.probabilities[row * scored.classes.length + classIndex]!;
}
