import type { ColumnSink } from '../../core/csv-columns-sink.ts';
import { BallastError } from '../../core/errors.ts';
import { isMissing, parseNumber, type Cell } from '../../core/table.ts';
import { dataFileFormat, readTableChunks } from '../data-files.ts';
import { scanCsvFile } from '../scan-csv-file.ts';
import { ClassColumn, className, ScoreColumn, type ClassCodes } from './classifier-columns.ts';

/** Which columns hold a classifier's outputs and labels. */
export interface ClassifierColumns {
  readonly label: string;
  readonly prediction: string;
  /** One column (binary: the positive class's probability) or [class, column] pairs (multiclass). */
  readonly scores: string | ReadonlyArray<readonly [string, string]>;
}

/** The columns of one file as read, before classes are known: labels and predictions as codes of class names. */
export interface RawClassifierFile {
  readonly file: string;
  readonly rows: number;
  /** Null when the file has no label column; code -1 on a row without a label. */
  readonly labels: ClassCodes | null;
  readonly predictions: ClassCodes;
  /** In the order of the score columns. */
  readonly scores: Float64Array[];
}

/**
 * Reads the label, prediction and score columns of a CSV or JSON Lines file. Scores must be
 * probabilities: a missing score, or one outside [0, 1], is an error naming the row. The label column may
 * be absent (`labelRequired: false`, analysis data); a missing label cell is then an unlabelled row.
 *
 * CSV goes through the columnar reader (bytes straight into typed arrays, numbers without a string per
 * cell). When it refuses a file, the row reader reads it again to word the error: the columnar reader
 * keeps no text for the numbers it computes from bytes (a message quotes the cell as written), and it
 * meets a row's problems column by column, where the message names the prediction's before the label's
 * before the scores'. A bad file thus gets the same message whichever reader takes it.
 */
export async function readClassifierFile(file: string, columns: ClassifierColumns, labelRequired: boolean): Promise<RawClassifierFile> {
  const wanted = [columns.label, columns.prediction, ...scoreColumnsOf(columns)];
  // A column named for two roles needs one cell in two places: the row reader does that.
  if (dataFileFormat(file) !== 'csv' || new Set(wanted).size < wanted.length) return readClassifierRows(file, columns, labelRequired);
  try {
    return await readClassifierCsv(file, columns, labelRequired);
  } catch (error) {
    if (!(error instanceof BallastError)) throw error;
    await readClassifierRows(file, columns, labelRequired);
    throw error;
  }
}

function scoreColumnsOf(columns: ClassifierColumns): string[] {
  return typeof columns.scores === 'string' ? [columns.scores] : columns.scores.map(([, column]) => column);
}

function missingColumns(
  file: string,
  header: readonly string[],
  columns: ClassifierColumns,
  labelRequired: boolean,
): BallastError | undefined {
  const wanted = [columns.prediction, ...scoreColumnsOf(columns), ...(labelRequired ? [columns.label] : [])];
  const missing = wanted.filter((c) => !header.includes(c));
  if (missing.length === 0) return undefined;
  return new BallastError(
    'missing_column',
    `${file}: no column ${missing.map((m) => JSON.stringify(m)).join(', ')} (it has ${header.map((c) => JSON.stringify(c)).join(', ')})`,
  );
}

const noPrediction = (file: string, row: number, column: string): BallastError =>
  new BallastError('invalid_argument', `${file}: row ${row} has no prediction in column "${column}"`);
const noLabel = (file: string, row: number, column: string): BallastError =>
  new BallastError('invalid_argument', `${file}: row ${row} has no label in column "${column}"; the reference needs a label on every row`);
const badScore = (file: string, row: number, column: string, cell: Cell): BallastError =>
  new BallastError(
    'invalid_argument',
    `${file}: row ${row}: score column "${column}" holds ${isMissing(cell) ? 'no value' : JSON.stringify(cell)}; scores must be probabilities in [0, 1]`,
  );

/** The columnar path: one sink per wanted column, every other column skipped unread. */
async function readClassifierCsv(file: string, columns: ClassifierColumns, labelRequired: boolean): Promise<RawClassifierFile> {
  const scoreColumns = scoreColumnsOf(columns);
  const prediction = new ClassColumn((row) => noPrediction(file, row, columns.prediction));
  const scores = scoreColumns.map((column) => new ScoreColumn((row, cell) => badScore(file, row, column, cell)));
  let label: ClassColumn | undefined;
  const rows = await scanCsvFile(
    file,
    (header) => {
      const missing = missingColumns(file, header, columns, labelRequired);
      if (missing) throw missing;
      if (header.includes(columns.label)) label = new ClassColumn(labelRequired ? (row) => noLabel(file, row, columns.label) : undefined);
      return header.map((name): ColumnSink | undefined =>
        name === columns.prediction ? prediction : name === columns.label ? label : scores[scoreColumns.indexOf(name)],
      );
    },
    (expected) => {
      for (const sink of [prediction, label, ...scores]) sink?.reserve(expected);
    },
  );
  if (rows === 0) throw new BallastError('invalid_argument', `${file}: no rows`);
  return { file, rows, labels: label?.finish() ?? null, predictions: prediction.finish(), scores: scores.map((s) => s.finish()) };
}

/**
 * The row reader's path (JSON Lines, and the wording of a CSV file's errors): a cell at a time, checked row by row.
 * The columnar path must give what this gives, columns and errors alike (classifier-file.test.ts compares them).
 */
export async function readClassifierRows(file: string, columns: ClassifierColumns, labelRequired: boolean): Promise<RawClassifierFile> {
  const scoreColumns = scoreColumnsOf(columns);
  const predictions = new ClassColumn();
  let labels: ClassColumn | undefined;
  const scores = scoreColumns.map((column) => new ScoreColumn((row, cell) => badScore(file, row, column, cell)));
  let at: { label: number; prediction: number; scores: number[] } | undefined;
  let rows = 0;
  for await (const chunk of readTableChunks(file, { columns: [columns.label, columns.prediction, ...scoreColumns] })) {
    if (!at) {
      const missing = missingColumns(file, chunk.columns, columns, labelRequired);
      if (missing) throw missing;
      const index = (name: string): number => chunk.columns.indexOf(name);
      at = { label: index(columns.label), prediction: index(columns.prediction), scores: scoreColumns.map(index) };
      if (at.label >= 0) labels = new ClassColumn();
    }
    for (const row of chunk.rows) {
      const prediction = row.cells[at.prediction] ?? null;
      if (isMissing(prediction)) throw noPrediction(file, row.row, columns.prediction);
      predictions.addName(className(prediction));
      if (labels) {
        const label = row.cells[at.label] ?? null;
        if (!isMissing(label)) labels.addName(className(label));
        else if (labelRequired) throw noLabel(file, row.row, columns.label);
        else labels.addMissing();
      }
      at.scores.forEach((column, k) => {
        const cell = row.cells[column] ?? null;
        const value = parseNumber(cell);
        if (value === undefined || value < 0 || value > 1) throw badScore(file, row.row, scoreColumns[k]!, cell);
        scores[k]!.push(value);
      });
      rows++;
    }
  }
  if (rows === 0) throw new BallastError('invalid_argument', `${file}: no rows`);
  return { file, rows, labels: labels?.finish() ?? null, predictions: predictions.finish(), scores: scores.map((s) => s.finish()) };
}
