import { Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { readPrediction } from './onnx-results.ts';

const classifier = (classes: (string | number)[]) =>
  ({ kind: 'classifier', labelOutput: 'label', probabilityOutput: 'p', classes }) as const;

describe('readPrediction', () => {
  it('reads regression values from [N, 1] float32', () => {
    const output = readPrediction(
      { kind: 'regression', valueOutput: 'y' },
      { y: new Tensor('float32', Float32Array.of(1.5, Number.NaN), [2, 1]) },
      2,
    );
    expect(output).toEqual({ kind: 'regression', values: Float64Array.of(1.5, Number.NaN) });
  });

  it('maps int64 labels to their class index and keeps probabilities row-major', () => {
    const output = readPrediction(
      classifier([10, 20, 30]),
      {
        label: new Tensor('int64', BigInt64Array.of(30n, 10n), [2]),
        p: new Tensor('float32', Float32Array.of(0.25, 0.25, 0.5, 1, 0, 0), [2, 3]),
      },
      2,
    );
    expect(output).toEqual({
      kind: 'multiclass',
      classes: [10, 20, 30],
      probabilities: Float64Array.of(0.25, 0.25, 0.5, 1, 0, 0),
      labelIndex: Int32Array.of(2, 0),
    });
  });

  it('maps string labels, and rebuilds both columns of a binary model that gives only P(class 1)', () => {
    const output = readPrediction(
      classifier(['no', 'yes']),
      { label: new Tensor('string', ['yes', 'no', 'yes'], [3, 1]), p: new Tensor('float64', Float64Array.of(0.75, 0.25, 0.5), [3, 1]) },
      3,
    );
    expect(output).toEqual({
      kind: 'binary',
      classes: ['no', 'yes'],
      probabilities: Float64Array.of(0.25, 0.75, 0.75, 0.25, 0.5, 0.5),
      labelIndex: Int32Array.of(1, 0, 1),
    });
  });

  it.each([
    [
      'a label outside the classes',
      { label: new Tensor('int64', BigInt64Array.of(7n), [1]), p: new Tensor('float32', Float32Array.of(0.5, 0.5), [1, 2]) },
      /label output "label" gave "7", which is not one of its classes \[0,1\]/,
    ],
    [
      'too few probabilities',
      { label: new Tensor('int64', BigInt64Array.of(1n, 0n), [2]), p: new Tensor('float32', Float32Array.of(0.5, 0.5, 0.5), [3]) },
      /has 3 values for 2 rows of 2 classes/,
    ],
    [
      'integer probabilities',
      { label: new Tensor('int64', BigInt64Array.of(1n), [1]), p: new Tensor('int32', Int32Array.of(0, 1), [1, 2]) },
      /output "p" is int32, not float or double/,
    ],
    ['a missing output', { label: new Tensor('int64', BigInt64Array.of(1n), [1]) }, /returned no output "p"/],
  ])('refuses %s', (_, results, message) => {
    const rows = (results.label.data as BigInt64Array).length;
    expect(() => readPrediction(classifier([0, 1]), results, rows)).toThrow(BallastError);
    expect(() => readPrediction(classifier([0, 1]), results, rows)).toThrow(message);
  });
});
