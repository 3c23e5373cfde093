import { describe, expect, it } from 'vitest';
import { addLinearMargins } from './predict-linear.ts';

describe('addLinearMargins', () => {
  // Two features, two groups: weights by feature then group, the bias last.
  const linear = { kind: 'linear' as const, weights: Float32Array.from([1, 10, 2, 20, 0.5, -0.5]) };

  it('adds bias and weighted values to the base margin of each group', () => {
    const margins = Float32Array.from([0.25, 0.25, 0, 0]);
    addLinearMargins(linear, Float32Array.from([3, 4, -1, 0]), 2, 2, 2, margins);
    expect(Array.from(margins)).toEqual([0.25 + 0.5 + 3 + 8, 0.25 - 0.5 + 30 + 80, 0.5 - 1, -0.5 - 10]);
  });

  it('skips missing values', () => {
    const margins = new Float32Array(2);
    addLinearMargins(linear, Float32Array.from([Number.NaN, 4]), 2, 1, 2, margins);
    expect(Array.from(margins)).toEqual([0.5 + 8, -0.5 + 80]);
  });

  it('rounds each step to float32', () => {
    const single = { kind: 'linear' as const, weights: Float32Array.from([0.1, 0.2, 0.3]) };
    const margins = new Float32Array(1);
    addLinearMargins(single, Float32Array.from([0.7, 0.9]), 2, 1, 1, margins);
    const f = Math.fround;
    const expected = f(f(f(f(0.3) + 0) + f(f(0.7) * f(0.1))) + f(f(0.9) * f(0.2)));
    expect(margins[0]).toBe(expected);
  });
});
