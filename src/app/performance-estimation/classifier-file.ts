import { BallastError } from '../../core/errors.ts';
import { isMissing, parseNumber, type Cell } from '../../core/table.ts';
import { readTableChunks } from '../data-files.ts';

/** Which columns hold a classifier's outputs and labels. */
export interface ClassifierColumns {
  readonly label: string;
  readonly prediction: string;
  /** One column (binary: the positive class's probability) or [class, column] pairs (multiclass). */
  readonly scores: string | ReadonlyArray<readonly [string, string]>;
}

/** The columns of one file as read, before classes are known: labels and predictions as class names. */
export interface RawClassifierFile {
  readonly file: string;
  readonly rows: number;
  readonly labels: Array<string | null> | null;
  readonly predictions: string[];
  /** In the order of `scoreColumns`. */
  readonly scores: Float64Array[];
}

/** A cell as a class name: numbers by their value (so "1", "1.0" and 1 are one class), text trimmed. */
function className(cell: Cell): string {
  const number = parseNumber(cell);
  if (number !== undefined && typeof cell !== 'boolean') return String(number);
  return String(cell).trim();
}

/**
 * Streams a CSV or JSON Lines file, keeping only the label, prediction and score columns. Scores must be
 * probabilities: a missing score, or one outside [0, 1], is an error naming the row. The label column may be
 * absent (`labelRequired: false`, analysis data); a missing label cell is then an unlabelled row.
 */
export async function readClassifierFile(file: string, columns: ClassifierColumns, labelRequired: boolean): Promise<RawClassifierFile> {
  const scoreColumns = typeof columns.scores === 'string' ? [columns.scores] : columns.scores.map(([, column]) => column);
  const wanted = [columns.label, columns.prediction, ...scoreColumns];
  let labels: Array<string | null> | null = null;
  const predictions: string[] = [];
  const scores: number[][] = scoreColumns.map(() => []);
  let at: { label: number; prediction: number; scores: number[] } | undefined;
  for await (const chunk of readTableChunks(file, { columns: wanted })) {
    if (!at) {
      const index = (name: string): number => chunk.columns.indexOf(name);
      const missing = [columns.prediction, ...scoreColumns, ...(labelRequired ? [columns.label] : [])].filter((c) => index(c) < 0);
      if (missing.length > 0)
        throw new BallastError(
          'missing_column',
          `${file}: no column ${missing.map((m) => JSON.stringify(m)).join(', ')} (it has ${chunk.columns.map((c) => JSON.stringify(c)).join(', ')})`,
        );
      at = { label: index(columns.label), prediction: index(columns.prediction), scores: scoreColumns.map(index) };
      if (at.label >= 0) labels = [];
    }
    for (const row of chunk.rows) {
      const prediction = row.cells[at.prediction] ?? null;
      if (isMissing(prediction))
        throw new BallastError('invalid_argument', `${file}: row ${row.row} has no prediction in column "${columns.prediction}"`);
      predictions.push(className(prediction));
      if (labels) {
        const label = row.cells[at.label] ?? null;
        if (isMissing(label)) {
          if (labelRequired)
            throw new BallastError(
              'invalid_argument',
              `${file}: row ${row.row} has no label in column "${columns.label}"; the reference needs a label on every row`,
            );
          labels.push(null);
        } else labels.push(className(label));
      }
      at.scores.forEach((column, k) => {
        const cell = row.cells[column] ?? null;
        const value = parseNumber(cell);
        if (value === undefined || value < 0 || value > 1) {
          throw new BallastError(
            'invalid_argument',
            `${file}: row ${row.row}: score column "${scoreColumns[k]}" holds ${isMissing(cell) ? 'no value' : JSON.stringify(cell)}; scores must be probabilities in [0, 1]`,
          );
        }
        scores[k]!.push(value);
      });
    }
  }
  if (predictions.length === 0) throw new BallastError('invalid_argument', `${file}: no rows`);
  return { file, rows: predictions.length, labels, predictions, scores: scores.map((s) => Float64Array.from(s)) };
}
