import { describe, expect, it } from 'vitest';
import { categoryPool, columnRole, isWholeColumn, noiseScale, numericRange } from './column-values.ts';

describe('columnRole', () => {
  it('treats texts and number columns with a categorical reference as categorical', () => {
    expect(columnRole(['a'], undefined)).toBe('categorical');
    expect(columnRole(Float64Array.of(1), { kind: 'categorical', values: ['1', '2'] })).toBe('categorical');
    expect(columnRole(Float64Array.of(1), undefined)).toBe('numeric');
    expect(columnRole(Float64Array.of(1), { kind: 'numeric', std: 1, min: 0, max: 1 })).toBe('numeric');
  });
});

describe('noiseScale', () => {
  it("takes the reference's standard deviation, else the data's sample standard deviation", () => {
    expect(noiseScale(Float64Array.of(1, 2, 3, 4), { kind: 'numeric', std: 7, min: 0, max: 9 })).toBe(7);
    // numpy.std([1, 2, 3, 4], ddof=1)
    expect(noiseScale(Float64Array.of(1, 2, Number.NaN, 3, 4), undefined)).toBeCloseTo(1.2909944487358056, 12);
    expect(noiseScale(Float64Array.of(5, Number.NaN), undefined)).toBe(0);
  });
});

describe('categoryPool', () => {
  it("is the reference's values, else the data's distinct values in first-seen order", () => {
    expect(categoryPool(['b', 'a'], { kind: 'categorical', values: ['x', 'y'] })).toEqual(['x', 'y']);
    expect(categoryPool(['b', null, 'a', 'b'], undefined)).toEqual(['b', 'a']);
    expect(Array.from(categoryPool(Float64Array.of(3, 1), { kind: 'categorical', values: ['1', 'two', '4'] }) as Float64Array)).toEqual([
      1, 4,
    ]);
    expect(Array.from(categoryPool(Float64Array.of(3, Number.NaN, 1, 3), undefined) as Float64Array)).toEqual([3, 1]);
  });
});

describe('numericRange and isWholeColumn', () => {
  it("give the reference's range, else the data's, else nothing", () => {
    expect(numericRange(Float64Array.of(5), { kind: 'numeric', std: 1, min: -1, max: 2 })).toEqual({ min: -1, max: 2 });
    expect(numericRange(Float64Array.of(5, Number.NaN, -3), undefined)).toEqual({ min: -3, max: 5 });
    expect(numericRange(Float64Array.of(Number.NaN), undefined)).toBeUndefined();
  });
  it('tell whole-number columns', () => {
    expect(isWholeColumn(Float64Array.of(1, Number.NaN, 3))).toBe(true);
    expect(isWholeColumn(Float64Array.of(1, 2.5))).toBe(false);
  });
});
