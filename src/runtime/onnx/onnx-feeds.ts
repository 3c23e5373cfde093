import { Tensor } from 'onnxruntime-node';
import type { FeatureSpec } from '../../core/signature.ts';
import { checkBatch } from '../check-batch.ts';
import { BatchShapeError, type FeatureBatch, type FeatureColumn } from '../model-runtime.ts';
import type { FeedColumn, FeedElement, FeedPlan } from './onnx-input-plan.ts';

type NumericElement = Exclude<FeedElement, 'string'>;
type NumericArray = Float32Array | Float64Array | BigInt64Array | Int32Array;

/**
 * Builds the input tensors of one run. Floats keep NaN (a missing value the model's own imputer or
 * trees handle); int64 and int32 have no missing value, so a gap there is the caller's to fill;
 * a missing string becomes '' which an encoder with handle_unknown='ignore' reads as unknown.
 */
export function buildFeeds(plan: FeedPlan, features: readonly FeatureSpec[], batch: FeatureBatch): Record<string, Tensor> {
  checkBatch(features, batch);
  const rows = batch.rowCount;
  if (plan.kind === 'matrix') {
    const width = features.length;
    const columns = batch.columns as readonly Float64Array[];
    // Row-major [N, F]: element i is row floor(i / F), feature i % F.
    const data = fill(
      plan.element,
      rows * width,
      (i) => columns[i % width]![Math.floor(i / width)]!,
      (i) => [features[i % width]!.name, Math.floor(i / width)],
    );
    return { [plan.inputName]: new Tensor(plan.element, data, [rows, width]) };
  }
  const feeds: Record<string, Tensor> = {};
  plan.columns.forEach((input, index) => {
    feeds[input.inputName] = columnTensor(input, features[index]!.name, batch.columns[index]!, rows);
  });
  return feeds;
}

function columnTensor(input: FeedColumn, feature: string, column: FeatureColumn, rows: number): Tensor {
  const dims = input.rank === 1 ? [rows] : [rows, 1];
  if (input.element === 'string') {
    const strings = (column as ReadonlyArray<string | null>).map((value) => value ?? '');
    return new Tensor('string', strings, dims);
  }
  const values = column as Float64Array;
  return new Tensor(
    input.element,
    fill(
      input.element,
      rows,
      (row) => values[row]!,
      (row) => [feature, row],
    ),
    dims,
  );
}

function fill(
  element: NumericElement,
  length: number,
  valueAt: (i: number) => number,
  whereIs: (i: number) => [string, number],
): NumericArray {
  if (element === 'float32' || element === 'float64') {
    const data = element === 'float32' ? new Float32Array(length) : new Float64Array(length);
    for (let i = 0; i < length; i++) data[i] = valueAt(i);
    return data;
  }
  if (element === 'int64') {
    const data = new BigInt64Array(length);
    for (let i = 0; i < length; i++) {
      const value = valueAt(i);
      if (!Number.isSafeInteger(value)) throw notAWholeNumber(value, element, whereIs(i));
      data[i] = BigInt(value);
    }
    return data;
  }
  const data = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const value = valueAt(i);
    if (!Number.isInteger(value) || value < -INT32_LIMIT || value >= INT32_LIMIT) throw notAWholeNumber(value, element, whereIs(i));
    data[i] = value;
  }
  return data;
}

const INT32_LIMIT = 2 ** 31;

function notAWholeNumber(value: number, element: 'int64' | 'int32', [feature, row]: [string, number]): BatchShapeError {
  if (Number.isNaN(value)) {
    return new BatchShapeError(
      `feature "${feature}" is missing in row ${row + 1} of the batch, but the model's ${element} input has no missing value; fill it in before predicting`,
    );
  }
  return new BatchShapeError(
    `feature "${feature}" has ${value} in row ${row + 1} of the batch, which is not a whole number the model's ${element} input holds`,
  );
}
