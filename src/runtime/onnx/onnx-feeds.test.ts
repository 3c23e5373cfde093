import { describe, expect, it } from 'vitest';
import type { FeatureSpec } from '../../core/signature.ts';
import { BatchShapeError } from '../model-runtime.ts';
import { buildFeeds } from './onnx-feeds.ts';

const numbers = (...names: string[]): FeatureSpec[] => names.map((name) => ({ name, type: 'number' }));

describe('buildFeeds for a 2-D input', () => {
  it('lays the columns out row-major as float32, keeping NaN', () => {
    const feeds = buildFeeds({ kind: 'matrix', inputName: 'X', element: 'float32' }, numbers('a', 'b'), {
      rowCount: 3,
      columns: [Float64Array.of(1, Number.NaN, 3), Float64Array.of(0.1, 0.2, 0.3)],
    });
    const tensor = feeds['X']!;
    expect(tensor.type).toBe('float32');
    expect(tensor.dims).toEqual([3, 2]);
    expect(Array.from(tensor.data as Float32Array)).toEqual([1, Math.fround(0.1), Number.NaN, Math.fround(0.2), 3, Math.fround(0.3)]);
  });

  it('keeps doubles exact and converts whole numbers to int64', () => {
    const doubles = buildFeeds({ kind: 'matrix', inputName: 'X', element: 'float64' }, numbers('a'), {
      rowCount: 2,
      columns: [Float64Array.of(0.1, Number.NaN)],
    });
    expect(Array.from(doubles['X']!.data as Float64Array)).toEqual([0.1, Number.NaN]);
    const ints = buildFeeds({ kind: 'matrix', inputName: 'X', element: 'int64' }, [{ name: 'n', type: 'integer' }], {
      rowCount: 2,
      columns: [Float64Array.of(-3, 2 ** 40)],
    });
    expect(ints['X']!.data).toEqual(BigInt64Array.of(-3n, 2n ** 40n));
  });

  it('names the feature and row of a missing or fractional integer', () => {
    const plan = { kind: 'matrix', inputName: 'X', element: 'int64' } as const;
    const features: FeatureSpec[] = [
      { name: 'a', type: 'integer' },
      { name: 'b', type: 'integer' },
    ];
    expect(() => buildFeeds(plan, features, { rowCount: 2, columns: [Float64Array.of(1, 2), Float64Array.of(1, Number.NaN)] })).toThrow(
      new BatchShapeError(
        `feature "b" is missing in row 2 of the batch, but the model's int64 input has no missing value; fill it in before predicting`,
      ),
    );
    expect(() => buildFeeds(plan, features, { rowCount: 1, columns: [Float64Array.of(1.5), Float64Array.of(1)] })).toThrow(
      /feature "a" has 1.5 in row 1 of the batch, which is not a whole number the model's int64 input holds/,
    );
  });
});

describe('buildFeeds for one input per feature', () => {
  const plan = {
    kind: 'columns',
    columns: [
      { inputName: 'age', element: 'float32', rank: 2 },
      { inputName: 'city', element: 'string', rank: 2 },
      { inputName: 'rooms', element: 'int32', rank: 1 },
    ],
  } as const;
  const features: FeatureSpec[] = [
    { name: 'age', type: 'number' },
    { name: 'city', type: 'string' },
    { name: 'rooms', type: 'integer' },
  ];

  it('builds one tensor per input, with a missing string as the empty string', () => {
    const feeds = buildFeeds(plan, features, {
      rowCount: 2,
      columns: [Float64Array.of(Number.NaN, 40), ['paris', null], Float64Array.of(3, 4)],
    });
    expect(feeds['age']!.dims).toEqual([2, 1]);
    expect(Array.from(feeds['age']!.data as Float32Array)).toEqual([Number.NaN, 40]);
    expect(feeds['city']!.type).toBe('string');
    expect(feeds['city']!.data).toEqual(['paris', '']);
    expect(feeds['rooms']!.dims).toEqual([2]);
    expect(feeds['rooms']!.data).toEqual(Int32Array.of(3, 4));
  });

  it('refuses an int32 value out of range', () => {
    expect(() => buildFeeds(plan, features, { rowCount: 1, columns: [Float64Array.of(1), ['x'], Float64Array.of(2 ** 31)] })).toThrow(
      /feature "rooms" has 2147483648 in row 1/,
    );
  });

  it.each([
    [
      'too few columns',
      { rowCount: 1, columns: [Float64Array.of(1)] },
      /takes 3 features \(age, city, rooms\) but the batch has 1 columns/,
    ],
    [
      'text for a number',
      { rowCount: 1, columns: [['1'], ['x'], Float64Array.of(1)] },
      /feature "age" is numeric but its batch column is text/,
    ],
    [
      'numbers for a string',
      { rowCount: 1, columns: [Float64Array.of(1), Float64Array.of(1), Float64Array.of(1)] },
      /feature "city" is a string but its batch column is a Float64Array/,
    ],
    [
      'a short column',
      { rowCount: 2, columns: [Float64Array.of(1, 2), ['x'], Float64Array.of(1, 2)] },
      /feature "city" has 1 values but the batch has 2 rows/,
    ],
  ])('refuses %s', (_, batch, message) => {
    expect(() => buildFeeds(plan, features, batch)).toThrow(BatchShapeError);
    expect(() => buildFeeds(plan, features, batch)).toThrow(message);
  });
});
