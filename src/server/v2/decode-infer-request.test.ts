import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { ModelSignature } from '../../core/signature.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import { decodeInferRequest } from './decode-infer-request.ts';

const signature: ModelSignature = {
  inputs: [
    { name: 'income', type: 'number' },
    { name: 'term', type: 'integer' },
    { name: 'purpose', type: 'category', categories: ['car', 'home'] },
  ],
  output: { kind: 'binary', classes: [0, 1] },
};
const withText: ModelSignature = { ...signature, inputs: [...signature.inputs, { name: 'city', type: 'string' }] };

function failure(run: () => unknown): BallastError {
  try {
    run();
  } catch (error) {
    if (error instanceof BallastError) return error;
    throw error;
  }
  throw new Error('expected a BallastError');
}

const perFeature = {
  inputs: [
    { name: 'purpose', shape: [2], datatype: 'BYTES', data: ['home', 'boat'] },
    { name: 'income', shape: [2, 1], datatype: 'FP64', data: [[1200.5], [null]] },
    { name: 'term', shape: [2], datatype: 'INT32', data: [36, 12] },
  ],
};

describe('decodeInferRequest', () => {
  it('reads one tensor per feature, in any order, into rows in the signature order', () => {
    const decoded = decodeInferRequest({ id: 'r1', ...perFeature, outputs: [{ name: 'probabilities' }] }, signature);
    expect(decoded).toEqual({
      rows: {
        columns: ['income', 'term', 'purpose'],
        rows: [
          { row: 1, cells: [1200.5, 36, 'home'] },
          { row: 2, cells: [null, 12, 'boat'] },
        ],
      },
      id: 'r1',
      requestedOutputs: ['probabilities'],
      layout: 'per-feature',
    });
    const batch = buildFeatureBatch(signature.inputs, decoded.rows, 'request');
    expect(Array.from(batch.columns[2] as Float64Array)).toEqual([1, Number.NaN]);
  });
  it('reads one 2-D tensor of any name, flat or nested, as the features in order', () => {
    const flat = decodeInferRequest({ inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP64', data: [1, 2, 0, 3, 4, 1] }] }, signature);
    const nested = decodeInferRequest(
      {
        inputs: [
          {
            name: 'x',
            shape: [2, 3],
            datatype: 'FP64',
            data: [
              [1, 2, 0],
              [3, 4, 1],
            ],
          },
        ],
      },
      signature,
    );
    expect(flat.layout).toBe('matrix');
    expect(flat.rows.rows.map((r) => r.cells)).toEqual([
      [1, 2, 0],
      [3, 4, 1],
    ]);
    expect(nested.rows).toEqual(flat.rows);
  });
  it('takes a 2-D BYTES tensor for a model with text features, reading numbers from text', () => {
    const decoded = decodeInferRequest(
      { inputs: [{ name: 'table', shape: [1, 4], datatype: 'BYTES', data: ['1200.5', '36', 'car', 'Oslo'] }] },
      withText,
    );
    expect(decoded.rows.rows[0]!.cells).toEqual([1200.5, 36, 'car', 'Oslo']);
  });
  it('rounds FP32 tensors to float32, the value the tensor holds', () => {
    const decoded = decodeInferRequest({ inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP32', data: [0.336, 2, 1] }] }, signature);
    expect(decoded.rows.rows[0]!.cells[0]).toBe(Math.fround(0.336));
  });
  it('names missing and unknown feature tensors, and a text feature sent as numbers', () => {
    const error = failure(() =>
      decodeInferRequest(
        {
          inputs: [
            { name: 'income', shape: [1], datatype: 'FP64', data: [1] },
            { name: 'colour', shape: [1], datatype: 'BYTES', data: ['red'] },
            { name: 'city', shape: [1], datatype: 'FP64', data: [3] },
          ],
        },
        withText,
      ),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([
      {
        code: 'invalid_value',
        path: ['inputs', 1, 'name'],
        message: `"colour" is not one of the model's features (income, term, purpose, city); send one tensor per feature, or one 2-D tensor [rows, 4]`,
      },
      { code: 'missing', path: ['inputs'], message: 'has no tensor for feature "term" (send null elements for missing values)' },
      { code: 'missing', path: ['inputs'], message: 'has no tensor for feature "purpose" (send null elements for missing values)' },
      { code: 'invalid_type', path: ['inputs', 2, 'datatype'], message: 'feature "city" is text; send it as BYTES, not FP64' },
    ]);
  });
  it('reports only the tensor whose row count differs from the others', () => {
    const inputs = [...perFeature.inputs.slice(0, 2), { name: 'term', shape: [3], datatype: 'INT64', data: [1, 2, 3] }];
    const error = failure(() => decodeInferRequest({ inputs: [inputs[2], ...inputs.slice(0, 2)] }, signature));
    expect(error.issues).toEqual([
      {
        code: 'invalid_value',
        path: ['inputs', 0, 'shape'],
        message: 'tensor "term" has 3 rows but "income" has 2; every feature tensor needs the same rows',
      },
    ]);
  });
  it('names the tensor whose shape and data length disagree', () => {
    const inputs = perFeature.inputs.map((t) => (t.name === 'term' ? { ...t, data: [36] } : t));
    const error = failure(() => decodeInferRequest({ inputs }, signature));
    expect(error.message).toBe('invalid inference request: inputs[2].data: has 1 element but shape [2] holds 2 for tensor "term"');
  });
  it('refuses a 2-D tensor of the wrong width, a 2-D float tensor for text features and more dimensions', () => {
    expect(
      failure(() => decodeInferRequest({ inputs: [{ name: 'x', shape: [1, 2], datatype: 'FP64', data: [1, 2] }] }, signature)).issues[0]!
        .message,
    ).toBe("a single 2-D tensor must be [rows, 3], the model's features in order (income, term, purpose); got [1, 2]");
    expect(
      failure(() => decodeInferRequest({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 0, 0] }] }, withText))
        .issues[0]!.message,
    ).toBe('FP32 cannot carry the text feature city; send a BYTES tensor, or one tensor per feature');
    const cube = { inputs: perFeature.inputs.map((t) => (t.name === 'income' ? { ...t, shape: [2, 1, 1], data: [[[1]], [[2]]] } : t)) };
    expect(failure(() => decodeInferRequest(cube, signature)).issues[0]!.message).toBe(
      'tensor "income" must have shape [rows] or [rows, 1], got [2, 1, 1]',
    );
  });
  it('checks values against the feature: whole numbers for integers, codes or names for categories', () => {
    const error = failure(() =>
      decodeInferRequest({ inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP64', data: [1, 36.5, 0, 2, 12, -1] }] }, signature),
    );
    expect(error.issues).toEqual([
      {
        code: 'invalid_value',
        path: ['inputs', 0, 'data', 1],
        message: 'row 0, feature "term": 36.5 is not a whole number (the feature is an integer)',
      },
      {
        code: 'invalid_value',
        path: ['inputs', 0, 'data', 5],
        message: 'row 1, feature "purpose": -1 is not a category code (a whole number of at least 0) or a category name',
      },
    ]);
  });
  it('refuses NaN and Infinity in a parsed body (JSON cannot carry them; null is the missing value)', () => {
    const error = failure(() =>
      decodeInferRequest({ inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP64', data: [Number.NaN, Infinity, 0] }] }, signature),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      ['inputs', 0, 'data', 0],
      ['inputs', 0, 'data', 1],
    ]);
    expect(
      decodeInferRequest({ inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP64', data: [null, null, null] }] }, signature).rows.rows[0]!
        .cells,
    ).toEqual([null, null, null]);
  });
  it('checks requested outputs against the model', () => {
    const error = failure(() =>
      decodeInferRequest({ ...perFeature, outputs: [{ name: 'label' }, { name: 'value' }, { name: 'label' }] }, signature),
    );
    expect(error.issues).toEqual([
      {
        code: 'invalid_value',
        path: ['outputs', 1, 'name'],
        message: '"value" is not an output of this model (it has "label", "probabilities")',
      },
      { code: 'duplicate', path: ['outputs', 2, 'name'], message: '"label" is requested twice' },
    ]);
  });
  it('refuses an empty request and answers too_many_instances past the row limit', () => {
    expect(
      failure(() => decodeInferRequest({ inputs: [{ name: 'x', shape: [0, 3], datatype: 'FP64', data: [] }] }, signature)).issues[0]!
        .message,
    ).toBe('the request has no rows; send at least one');
    const error = failure(() => decodeInferRequest(perFeature, signature, { maxRows: 1 }));
    expect(error.code).toBe('too_many_instances');
    expect(error.message).toBe('the request has 2 rows; one request may carry at most 1');
  });
  it('cannot be made to touch Object.prototype by tensor or feature names', () => {
    const hostile: ModelSignature = {
      inputs: [
        { name: '__proto__', type: 'number' },
        { name: 'constructor', type: 'number' },
      ],
      output: { kind: 'regression' },
    };
    const decoded = decodeInferRequest(
      {
        inputs: [
          { name: 'constructor', shape: [1], datatype: 'FP64', data: [2] },
          { name: '__proto__', shape: [1], datatype: 'FP64', data: [1] },
        ],
      },
      hostile,
    );
    expect(decoded.rows.rows[0]!.cells).toEqual([1, 2]);
    const error = failure(() =>
      decodeInferRequest({ inputs: [{ name: '__proto__', shape: [1], datatype: 'FP64', data: [1] }] }, signature),
    );
    expect(error.issues[0]!.message).toMatch(/^"__proto__" is not one of the model's features/);
    expect(Object.prototype).not.toHaveProperty('data');
  });
  it('collects every problem of a large bad request but keeps only the first fifty', () => {
    const data = Array.from({ length: 3000 }, () => 'x');
    const error = failure(() => decodeInferRequest({ inputs: [{ name: 'x', shape: [1000, 3], datatype: 'FP64', data }] }, signature));
    expect(error.issues).toHaveLength(50);
    expect(error.message).toMatch(/\(and 2999 more problems\)$/);
  });
  it('reads the same rows from the per-feature form and the 2-D form (property)', () => {
    const cell = fc.oneof(fc.constant(null), fc.integer({ min: -1000, max: 1000 }));
    const code = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 1 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true })), cell, code), {
          minLength: 1,
          maxLength: 20,
        }),
        (table) => {
          const columns = [0, 1, 2].map((j) => table.map((row) => row[j]!));
          const split = decodeInferRequest(
            { inputs: signature.inputs.map((f, j) => ({ name: f.name, shape: [table.length], datatype: 'FP64', data: columns[j] })) },
            signature,
          );
          const matrix = decodeInferRequest(
            { inputs: [{ name: 'm', shape: [table.length, 3], datatype: 'FP64', data: table.flat() }] },
            signature,
          );
          expect(matrix.rows).toEqual(split.rows);
          expect(split.rows.rows.map((r) => r.cells)).toEqual(table);
        },
      ),
      { numRuns: 200 },
    );
  });
});
