/**
 * The input of the classification metrics, and its one validation. Labels are the model's class values
 * (strings or numbers); `classes` gives them in the model's order, which is also the order of each row of
 * `probabilities`. With two classes the positive one is classes[1] — for labels sorted as scikit-learn
 * sorts them that is the larger one, sklearn's default pos_label.
 *
 * Encoding turns labels into class indexes once, so every metric works on small integers and one flat
 * Float64Array of probabilities. Anything that would make a metric meaningless (no rows, a label the model
 * does not know, a NaN or infinite probability, a probability outside [0, 1], a row that does not sum to
 * one) is refused with issues `{code, path, message}` under the error code `invalid_value`, before anything is
 * computed, rather than returned as a silently wrong number.
 */
import { BallastError } from '../errors.ts';
import { IssueCollector, type IssuePath } from '../issues.ts';

export type Label = string | number;

export type Report = (path: IssuePath, message: string) => void;

export interface ClassificationInput {
  readonly classes: readonly Label[];
  readonly yTrue: readonly Label[];
  /** Predicted labels; needed by the confusion-matrix metrics only. */
  readonly yPred?: readonly Label[];
  /** One row per prediction, one probability per class in `classes` order; needed by the score metrics only. */
  readonly probabilities?: ReadonlyArray<ReadonlyArray<number>>;
}

export interface EncodedClassification {
  readonly classes: readonly Label[];
  /** Number of classes. */
  readonly k: number;
  /** Number of rows. */
  readonly n: number;
  readonly truth: Int32Array;
  /** Empty when the input had no predicted labels. */
  readonly predicted: Int32Array;
  /** n × k, row-major; empty when the input had no probabilities. */
  readonly probabilities: Float64Array;
}

/** How far a probability row may sum from one: sklearn's multiclass ROC AUC refuses rows outside np.allclose(…, 1) (rtol 1e-5). */
const ROW_SUM_TOLERANCE = 1e-5;

export function encodeClassification(input: ClassificationInput): EncodedClassification {
  const issues = new IssueCollector();
  const report: Report = (path, message) => issues.report('invalid_value', path, message);
  const { classes, yTrue, yPred, probabilities } = input;
  const index = classIndex(classes, report);
  const n = yTrue.length;
  if (n === 0) report(['y_true'], 'has no rows: a metric needs at least one labelled prediction');
  const truth = encodeLabels(yTrue, index, ['y_true'], report);
  let predicted: Int32Array = new Int32Array(0);
  if (yPred !== undefined) {
    if (yPred.length !== n) report(['y_pred'], `has ${yPred.length} rows but y_true has ${n}`);
    else predicted = encodeLabels(yPred, index, ['y_pred'], report);
  }
  let flat: Float64Array = new Float64Array(0);
  if (probabilities !== undefined) {
    if (probabilities.length !== n) report(['probabilities'], `has ${probabilities.length} rows but y_true has ${n}`);
    else flat = encodeProbabilities(probabilities, classes.length, report);
  }
  issues.throwIfAny('invalid_value', 'the rows cannot be scored');
  return { classes, k: classes.length, n, truth, predicted, probabilities: flat };
}

export function classIndex(classes: readonly Label[], report: Report): Map<Label, number> {
  const index = new Map<Label, number>();
  if (classes.length < 2) report(['classes'], `has ${classes.length} class(es): a classifier has at least two`);
  classes.forEach((label, i) => {
    if (index.has(label)) report(['classes', i], `repeats the class ${JSON.stringify(label)}`);
    else index.set(label, i);
  });
  return index;
}

function encodeLabels(labels: readonly Label[], index: ReadonlyMap<Label, number>, path: IssuePath, report: Report): Int32Array {
  const out = new Int32Array(labels.length);
  for (let row = 0; row < labels.length; row++) {
    const k = index.get(labels[row]!);
    if (k === undefined) report([...path, row], `${JSON.stringify(labels[row])} is not one of the model's classes`);
    else out[row] = k;
  }
  return out;
}

function encodeProbabilities(rows: ReadonlyArray<ReadonlyArray<number>>, k: number, report: Report): Float64Array {
  const out = new Float64Array(rows.length * k);
  for (let row = 0; row < rows.length; row++) {
    const values = rows[row]!;
    if (checkProbabilityRow(values, k, ['probabilities', row], report)) out.set(values, row * k);
  }
  return out;
}

/**
 * Reports what is wrong with one row of probabilities (wrong width, NaN or ∞, outside [0, 1], not summing
 * to one) and says whether it is usable. Shared by the batch input and the mergeable window's add.
 */
export function checkProbabilityRow(values: ReadonlyArray<number>, k: number, path: IssuePath, report: Report): boolean {
  if (!Array.isArray(values) || values.length !== k) {
    report(path, `has ${Array.isArray(values) ? values.length : 'no'} probabilities for ${k} classes`);
    return false;
  }
  let sum = 0;
  let valid = true;
  for (let c = 0; c < k; c++) {
    const p = values[c]!;
    if (typeof p !== 'number' || !Number.isFinite(p)) {
      report([...path, c], `must be a finite number, got ${String(p)}`);
      valid = false;
    } else if (p < 0 || p > 1) {
      report([...path, c], `must be a probability in [0, 1], got ${p}`);
      valid = false;
    }
    sum += p;
  }
  if (valid && Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
    report(path, `sums to ${sum}, not 1`);
    valid = false;
  }
  return valid;
}

/** Throws when a metric needs a part of the input that was not given. */
export function requirePredictions(data: EncodedClassification, metric: string): Int32Array {
  if (data.predicted.length !== data.n || data.n === 0)
    throw new BallastError('invalid_value', `${metric} needs predicted labels (y_pred)`, [
      { code: 'missing', path: ['y_pred'], message: `is needed by ${metric}` },
    ]);
  return data.predicted;
}

export function requireProbabilities(data: EncodedClassification, metric: string): Float64Array {
  if (data.probabilities.length !== data.n * data.k || data.n === 0) {
    throw new BallastError('invalid_value', `${metric} needs probabilities`, [
      { code: 'missing', path: ['probabilities'], message: `is needed by ${metric}` },
    ]);
  }
  return data.probabilities;
}

/**
 * Probability rows [1 − s, s] from one column of positive-class scores (a binary model's single score,
 * as `--score COLUMN` gives it), the way sklearn widens a 1-D y_prob. A non-finite or out-of-range
 * score stays in the row, so encodeClassification still names it.
 */
export function binaryProbabilityRows(positiveScores: readonly number[]): number[][] {
  return positiveScores.map((s) => [1 - s, s]);
}
