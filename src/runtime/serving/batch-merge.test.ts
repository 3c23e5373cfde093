import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { BatchShapeError, type FeatureBatch, type FeatureColumn, type PredictionOutput } from '../model-runtime.ts';
import { batchShapeKey, concatBatches, predictionRowCount, slicePredictionOutput, splitPredictionOutput } from './batch-merge.ts';

/** Column kinds of a generated batch: 'n' numeric, 's' text. */
const shapeArb = fc.array(fc.constantFrom('n', 's'), { minLength: 1, maxLength: 5 });
const numberArb = fc.oneof(fc.double(), fc.constant(Number.NaN));
const textArb = fc.option(fc.string({ maxLength: 6 }), { nil: null });

function batchArb(shape: readonly string[]): fc.Arbitrary<FeatureBatch> {
  return fc
    .integer({ min: 0, max: 8 })
    .chain((rowCount) =>
      fc
        .tuple(
          ...shape.map((kind) =>
            kind === 'n'
              ? fc.array(numberArb, { minLength: rowCount, maxLength: rowCount }).map((v) => Float64Array.from(v) as FeatureColumn)
              : fc.array(textArb, { minLength: rowCount, maxLength: rowCount }),
          ),
        )
        .map((columns) => ({ rowCount, columns })),
    );
}

const requestsArb = shapeArb.chain((shape) => fc.array(batchArb(shape), { minLength: 1, maxLength: 6 }));

/** A row-wise stand-in for a model: each row's answer depends on that row only, as a real model's does. */
function rowScore(batch: FeatureBatch, row: number): number {
  let score = 0;
  for (const column of batch.columns) {
    const value = column[row];
    score += typeof value === 'number' ? (Number.isFinite(value) ? Math.tanh(value) : 0.5) : (value?.length ?? -1);
  }
  return score;
}

function predictRowWise(batch: FeatureBatch, kind: PredictionOutput['kind']): PredictionOutput {
  const scores = Array.from({ length: batch.rowCount }, (_, row) => rowScore(batch, row));
  if (kind === 'regression') return { kind, values: Float64Array.from(scores) };
  const classes = kind === 'binary' ? [0, 1] : ['a', 'b', 'c'];
  const probabilities = new Float64Array(batch.rowCount * classes.length);
  const labelIndex = new Int32Array(batch.rowCount);
  scores.forEach((score, row) => {
    const weights = classes.map((_, c) => Math.exp(-Math.abs(score - c)));
    const total = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, c) => (probabilities[row * classes.length + c] = w / total));
    labelIndex[row] = weights.indexOf(Math.max(...weights));
  });
  return { kind, classes, probabilities, labelIndex };
}

describe('concatBatches', () => {
  it("keeps every request's rows, in order, in each column", () => {
    fc.assert(
      fc.property(requestsArb, (requests) => {
        const merged = concatBatches(requests);
        expect(merged.rowCount).toBe(requests.reduce((sum, r) => sum + r.rowCount, 0));
        let start = 0;
        for (const request of requests) {
          merged.columns.forEach((column, index) => {
            const part =
              column instanceof Float64Array
                ? column.subarray(start, start + request.rowCount)
                : column.slice(start, start + request.rowCount);
            expect(part).toEqual(request.columns[index]);
          });
          start += request.rowCount;
        }
      }),
    );
  });

  it('leaves its inputs untouched and shares no buffer with them', () => {
    const a = { rowCount: 2, columns: [Float64Array.of(1, 2), ['x', null]] };
    const b = { rowCount: 1, columns: [Float64Array.of(3), ['y']] };
    const merged = concatBatches([a, b]);
    (merged.columns[0] as Float64Array)[0] = 99;
    expect(a.columns[0]).toEqual(Float64Array.of(1, 2));
    expect(merged.columns[1]).toEqual(['x', null, 'y']);
  });

  it('refuses batches whose columns differ in count, kind or length', () => {
    const numeric = { rowCount: 1, columns: [Float64Array.of(1)] };
    expect(() => concatBatches([numeric, { rowCount: 1, columns: [['a']] }])).toThrow(BatchShapeError);
    expect(() => concatBatches([numeric, { rowCount: 1, columns: [Float64Array.of(1), Float64Array.of(2)] }])).toThrow(BatchShapeError);
    expect(() => concatBatches([numeric, { rowCount: 2, columns: [Float64Array.of(1)] }])).toThrow(BatchShapeError);
    expect(() => concatBatches([])).toThrow(BatchShapeError);
  });
});

describe('batchShapeKey', () => {
  it('names column kinds, and is undefined for a batch that does not match its own rowCount', () => {
    expect(batchShapeKey({ rowCount: 1, columns: [Float64Array.of(1), ['a'], [null]] })).toBe('nss');
    expect(batchShapeKey({ rowCount: 0, columns: [] })).toBe('');
    expect(batchShapeKey({ rowCount: 2, columns: [Float64Array.of(1)] })).toBeUndefined();
    expect(batchShapeKey({ rowCount: -1, columns: [] })).toBeUndefined();
    expect(batchShapeKey({ rowCount: 1, columns: [Float32Array.of(1) as unknown as Float64Array] })).toBeUndefined();
  });
});

describe.each(['binary', 'multiclass', 'regression'] as const)('splitting a %s prediction over merged requests', (kind) => {
  it('gives each request exactly what predicting it alone gives', () => {
    fc.assert(
      fc.property(requestsArb, (requests) => {
        const merged = predictRowWise(concatBatches(requests), kind);
        const parts = splitPredictionOutput(
          merged,
          requests.map((r) => r.rowCount),
        );
        expect(parts).toEqual(requests.map((request) => predictRowWise(request, kind)));
      }),
    );
  });
});

describe('slicePredictionOutput', () => {
  const probabilities = Float64Array.of(0.9, 0.1, 0.2, 0.8, 0.4, 0.6);
  const output: PredictionOutput = { kind: 'binary', classes: [0, 1], probabilities, labelIndex: Int32Array.of(0, 1, 1) };

  it('copies rows [start, end) with their probabilities', () => {
    const middle = slicePredictionOutput(output, 1, 2);
    expect(middle).toEqual({ kind: 'binary', classes: [0, 1], probabilities: Float64Array.of(0.2, 0.8), labelIndex: Int32Array.of(1) });
    if (middle.kind === 'regression') throw new Error('unreachable');
    expect(middle.probabilities.buffer).not.toBe(probabilities.buffer);
    expect(predictionRowCount(slicePredictionOutput(output, 3, 3))).toBe(0);
  });

  it('refuses a range outside the prediction', () => {
    expect(() => slicePredictionOutput(output, 2, 4)).toThrow(RangeError);
    expect(() => slicePredictionOutput(output, 2, 1)).toThrow(RangeError);
    expect(() => slicePredictionOutput(output, -1, 1)).toThrow(RangeError);
  });
});

describe('splitPredictionOutput', () => {
  it('fails every request when the model answered a different number of rows than it was given', () => {
    const output: PredictionOutput = { kind: 'regression', values: Float64Array.of(1, 2) };
    expect(() => splitPredictionOutput(output, [1, 2])).toThrow(BallastError);
    const lopsided: PredictionOutput = {
      kind: 'binary',
      classes: [0, 1],
      probabilities: Float64Array.of(0.5),
      labelIndex: Int32Array.of(0),
    };
    expect(() => splitPredictionOutput(lopsided, [1])).toThrow(/probabilities/);
  });
});
