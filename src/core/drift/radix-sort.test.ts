import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSortFloat64 } from './radix-sort.ts';

const builtIn = (values: readonly number[]) => Float64Array.from(values).sort();

describe('radixSortFloat64', () => {
  it('sorts like Float64Array.prototype.sort, in place', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 2049, maxLength: 6000 }), (values) => {
        const array = Float64Array.from(values);
        const result = radixSortFloat64(array);
        expect(result).toBe(array);
        expect(Array.from(result)).toEqual(Array.from(builtIn(values)));
      }),
      { numRuns: 40 },
    );
  });

  it('handles integers (skipped passes), negatives, zeros of both signs and subnormals', () => {
    const values: number[] = [];
    for (let i = 0; i < 5000; i++)
      values.push(((i * 7919) % 2001) - 1000, i % 3 === 0 ? -0 : 0, (i % 5) * 5e-324 * (i % 2 ? -1 : 1), -1e300 * (i % 4));
    const sorted = radixSortFloat64(Float64Array.from(values));
    const expected = builtIn(values);
    for (let i = 0; i < values.length; i++) expect(Object.is(sorted[i], expected[i])).toBe(true);
  });

  it('sorts a subarray without touching the rest of its buffer', () => {
    const buffer = new Float64Array(10_000).map((_, i) => 10_000 - i);
    const middle = buffer.subarray(1000, 9000);
    radixSortFloat64(middle);
    expect(middle[0]).toBe(1001);
    expect(middle[7999]).toBe(9000);
    expect(buffer[0]).toBe(10_000);
    expect(buffer[9999]).toBe(1);
  });
});
