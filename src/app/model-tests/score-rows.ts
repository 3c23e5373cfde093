import { BallastError } from '../../core/errors.ts';
import type { DataColumn, ScoredRows } from '../../core/model-tests/suite-types.ts';
import { BatchShapeError, type LoadedModel } from '../../runtime/model-runtime.ts';
import { featureBatchOf } from './test-data-columns.ts';

/** Rows per runtime call: bounds the memory of one batch's tensors on a million-row test set. */
const BATCH_ROWS = 65_536;

/** Scores test columns (at least one row) with a loaded model, in batches, as one ScoredRows. `what` names the version in errors. */
export async function scoreColumns(
  model: LoadedModel,
  columns: ReadonlyMap<string, DataColumn>,
  rows: number,
  what: string,
): Promise<ScoredRows> {
  const inputs = model.signature.inputs;
  const parts = [];
  for (let start = 0; start < rows; start += BATCH_ROWS) {
    const end = Math.min(rows, start + BATCH_ROWS);
    const slice = new Map<string, DataColumn>();
    for (const feature of inputs) {
      const column = columns.get(feature.name);
      if (column !== undefined) slice.set(feature.name, column.slice(start, end));
    }
    try {
      parts.push(await model.predict(featureBatchOf(inputs, slice, end - start)));
    } catch (error) {
      if (error instanceof BatchShapeError) throw new BallastError('invalid_value', `${what}: rows ${start + 1}–${end}: ${error.message}`);
      throw error;
    }
  }
  const first = parts[0]!;
  if (first.kind === 'regression') {
    const values = new Float64Array(rows);
    let at = 0;
    for (const part of parts) if (part.kind === 'regression') values.set(part.values, (at += part.values.length) - part.values.length);
    return { kind: 'regression', values };
  }
  const width = first.classes.length;
  const probabilities = new Float64Array(rows * width);
  const labelIndex = new Int32Array(rows);
  let at = 0;
  for (const part of parts) {
    if (part.kind === 'regression') continue;
    probabilities.set(part.probabilities, at * width);
    labelIndex.set(part.labelIndex, at);
    at += part.labelIndex.length;
  }
  return { kind: 'classification', classes: first.classes, probabilities, labelIndex };
}
