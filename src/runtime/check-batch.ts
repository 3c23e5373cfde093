import type { FeatureSpec } from '../core/signature.ts';
import { BatchShapeError, type FeatureBatch } from './model-runtime.ts';

/**
 * The one check every runtime makes before scoring: a whole row count, one column per signature
 * input in its order, numeric inputs (number, integer, category) as a Float64Array and string
 * inputs as text, each column `rowCount` long. The same batch gets the same words from every
 * runtime; the runtime-conformance suite holds them to it.
 */
export function checkBatch(inputs: readonly FeatureSpec[], batch: FeatureBatch): void {
  const { rowCount, columns } = batch;
  if (!Number.isSafeInteger(rowCount) || rowCount < 0)
    throw new BatchShapeError(`the batch's rowCount must be a whole number ≥ 0 (found ${rowCount})`);
  if (columns.length !== inputs.length) {
    throw new BatchShapeError(
      `the model takes ${inputs.length} features (${inputs.map((f) => f.name).join(', ')}) but the batch has ${columns.length} columns`,
    );
  }
  inputs.forEach((feature, index) => {
    const column = columns[index]!;
    const isNumeric = column instanceof Float64Array;
    if (isNumeric !== (feature.type !== 'string')) {
      throw new BatchShapeError(
        `feature "${feature.name}" is ${feature.type === 'string' ? 'a string' : 'numeric'} but its batch column is ${isNumeric ? 'a Float64Array' : 'text'}`,
      );
    }
    if (column.length !== rowCount)
      throw new BatchShapeError(`feature "${feature.name}" has ${column.length} values but the batch has ${rowCount} rows`);
  });
}
