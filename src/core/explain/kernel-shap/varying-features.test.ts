import { describe, expect, it } from 'vitest';
import { varyingFeatures } from './varying-features.ts';

describe('varyingFeatures', () => {
  it("keeps the features that differ from some background row, comparing numbers as numpy's isclose", () => {
    const background = {
      rowCount: 2,
      columns: [
        Float64Array.of(1, 1),
        Float64Array.of(1, 2),
        Float64Array.of(NaN, NaN),
        ['a', 'a'],
        ['a', null],
        Float64Array.of(1e6, 1e6),
      ],
    };
    const row = {
      rowCount: 1,
      columns: [Float64Array.of(1), Float64Array.of(1), Float64Array.of(NaN), ['a'], ['a'], Float64Array.of(1e6 + 1)],
    };
    // 1e6 + 1 is within isclose's relative 1e-5 of 1e6, so it does not vary.
    expect(varyingFeatures(background, row, 0)).toEqual([1, 4]);
  });
});
