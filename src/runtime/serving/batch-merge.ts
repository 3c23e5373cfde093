import { BallastError } from '../../core/errors.ts';
import { BatchShapeError, type FeatureBatch, type FeatureColumn, type PredictionOutput } from '../model-runtime.ts';

/**
 * What two batches must share to be concatenated: the same number of columns, each numeric
 * (Float64Array) or text in both. Undefined when the batch is not even self-consistent (a column
 * whose length is not `rowCount`): such a batch is never merged, so the model reports the problem
 * against that request alone instead of rows shifting between requests.
 */
export function batchShapeKey(batch: FeatureBatch): string | undefined {
  if (!Number.isSafeInteger(batch.rowCount) || batch.rowCount < 0) return undefined;
  let key = '';
  for (const column of batch.columns) {
    if (column.length !== batch.rowCount) return undefined;
    key += column instanceof Float64Array ? 'n' : Array.isArray(column) ? 's' : '?';
  }
  return key.includes('?') ? undefined : key;
}

/** Stacks batches row-wise, column by column, into new arrays; the inputs are left untouched. */
export function concatBatches(batches: readonly FeatureBatch[]): FeatureBatch {
  const first = batches[0];
  if (first === undefined) throw new BatchShapeError('cannot concatenate zero batches');
  const key = batchShapeKey(first);
  for (const batch of batches) {
    if (key === undefined || batchShapeKey(batch) !== key) {
      throw new BatchShapeError('batches with different columns (count, numeric or text, or length) cannot be concatenated');
    }
  }
  let rowCount = 0;
  for (const batch of batches) rowCount += batch.rowCount;
  const columns = first.columns.map((column, index) => concatColumn(column instanceof Float64Array, batches, index, rowCount));
  return { rowCount, columns };
}

function concatColumn(numeric: boolean, batches: readonly FeatureBatch[], index: number, rowCount: number): FeatureColumn {
  if (numeric) {
    const merged = new Float64Array(rowCount);
    let offset = 0;
    for (const batch of batches) {
      merged.set(batch.columns[index] as Float64Array, offset);
      offset += batch.rowCount;
    }
    return merged;
  }
  const merged: Array<string | null> = [];
  for (const batch of batches) for (const value of batch.columns[index] as ReadonlyArray<string | null>) merged.push(value);
  return merged;
}

/** How many rows a prediction answers; used to check a model answered every row it was given. */
export function predictionRowCount(output: PredictionOutput): number {
  return output.kind === 'regression' ? output.values.length : output.labelIndex.length;
}

/**
 * Rows [start, end) of a prediction, in new arrays, so a caller owns its answer outright (it may
 * transfer or keep it without pinning the merged batch's buffers).
 */
export function slicePredictionOutput(output: PredictionOutput, start: number, end: number): PredictionOutput {
  const rows = predictionRowCount(output);
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start <= end && end <= rows)) {
    throw new RangeError(`cannot slice rows [${start}, ${end}) of a prediction with ${rows} rows`);
  }
  if (output.kind === 'regression') return { kind: 'regression', values: output.values.slice(start, end) };
  const width = output.classes.length;
  return {
    kind: output.kind,
    classes: output.classes,
    probabilities: output.probabilities.slice(start * width, end * width),
    labelIndex: output.labelIndex.slice(start, end),
  };
}

/**
 * Splits one prediction over a merged batch back into one per request, given each request's row
 * count in merge order. A model that answered a different number of rows than it was given is a
 * bug in the runtime, and no request could be sure which rows are its own: all fail.
 */
export function splitPredictionOutput(output: PredictionOutput, rowCounts: readonly number[]): PredictionOutput[] {
  const total = rowCounts.reduce((sum, rows) => sum + rows, 0);
  const answered = predictionRowCount(output);
  if (answered !== total) {
    throw new BallastError('internal', `the model answered ${answered} rows for a batch of ${total}; no request can be given its rows`);
  }
  if (output.kind !== 'regression' && output.probabilities.length !== answered * output.classes.length) {
    throw new BallastError(
      'internal',
      `the model gave ${output.probabilities.length} probabilities for ${answered} rows of ${output.classes.length} classes`,
    );
  }
  const parts: PredictionOutput[] = [];
  let start = 0;
  for (const rows of rowCounts) {
    parts.push(slicePredictionOutput(output, start, start + rows));
    start += rows;
  }
  return parts;
}
