import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortRange } from './sort-range.ts';

describe('sortRange', () => {
  it('sorts exactly the given range like TypedArray#sort and leaves the rest alone', () => {
    const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), fc.nat(), fc.nat(), (values, x, y) => {
        const from = values.length === 0 ? 0 : x % (values.length + 1);
        const to = from + (values.length === 0 ? 0 : y % (values.length - from + 1));
        const actual = Float64Array.from(values);
        sortRange(actual, from, to);
        const expected = Float64Array.from(values);
        expected.subarray(from, to).sort();
        expect(Array.from(actual)).toEqual(Array.from(expected));
      }),
    );
  });

  it('handles sorted, reversed and all-equal runs', () => {
    for (const make of [(i: number) => i, (i: number) => -i, () => 7]) {
      const a = Float64Array.from({ length: 1000 }, (_, i) => make(i));
      sortRange(a, 0, a.length);
      for (let i = 1; i < a.length; i++) expect(a[i]!).toBeGreaterThanOrEqual(a[i - 1]!);
    }
  });
});
