import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { sortedSample, totalWeight } from './sorted-sample.ts';

describe('sortedSample', () => {
  it('copies, drops non-finite values and sorts ascending', () => {
    const input = [3, Number.NaN, -1, Infinity, 2, -Infinity, 2];
    const sample = sortedSample(input);
    expect(Array.from(sample.values)).toEqual([-1, 2, 2, 3]);
    expect(sample.weights).toBeUndefined();
    expect(input[0]).toBe(3);
  });

  it('is sorted and keeps every finite value', () => {
    fc.assert(
      fc.property(fc.array(fc.double()), (xs) => {
        const { values } = sortedSample(xs);
        expect(values.length).toBe(xs.filter(Number.isFinite).length);
        for (let i = 1; i < values.length; i++) expect(values[i - 1]! <= values[i]!).toBe(true);
      }),
    );
  });

  it('totalWeight is the count, or the sum of the weights', () => {
    expect(totalWeight(sortedSample([1, 2, 3]))).toBe(3);
    expect(totalWeight({ values: Float64Array.of(1, 2), weights: Float64Array.of(0.5, 2) })).toBe(2.5);
    expect(totalWeight(sortedSample([]))).toBe(0);
  });
});
