import { describe, expect, it } from 'vitest';
import { fixtures } from '../testing/metric-fixtures.ts';
import { crossSlices, MISSING_SLICE, quantileEdges, sliceColumn } from './slice-columns.ts';

describe('slice columns', () => {
  it('puts numbers in quantile bins whose edges are numpy quantiles, left-closed as np.searchsorted side=right', () => {
    const age = Float64Array.from(fixtures.binary.age);
    const expected = fixtures.binary.age_quintile_edges;
    const edges = quantileEdges(Float64Array.from(age).sort(), 5);
    expect(edges).toEqual(expected);
    const slices = sliceColumn('age', age, 5);
    expect(slices.labels).toHaveLength(6); // five bins and (missing)
    for (let row = 0; row < age.length; row++) {
      const bin = expected.filter((e) => e <= age[row]!).length;
      expect(slices.ids[row]).toBe(bin);
    }
    const min = Math.min(...age);
    const max = Math.max(...age);
    expect(slices.labels[0]).toBe(`[${min}, ${Number(expected[0]!.toPrecision(6))})`);
    expect(slices.labels[4]).toBe(`[${Number(expected[3]!.toPrecision(6))}, ${max}]`);
  });

  it('drops repeated edges and an edge at the minimum', () => {
    expect(quantileEdges(Float64Array.from([0, 0, 0, 0, 0, 0, 1, 2, 3, 4]), 5)).toEqual([0.39999999999999947, 2.2]); // np.quantile's values, to the bit;
  });

  it('slices text by value with missing values as (missing), and few-valued numbers by value', () => {
    const text = sliceColumn('sex', ['F', 'M', null, 'F'], 5);
    expect(text).toEqual({ column: 'sex', labels: ['F', 'M', MISSING_SLICE], ids: Int32Array.from([0, 1, 2, 0]) });
    const flags = sliceColumn('flag', Float64Array.from([1, 0, Number.NaN, 1, 0.5]), 5);
    expect(flags.labels).toEqual(['1', '0', MISSING_SLICE, '0.5']);
    expect(Array.from(flags.ids)).toEqual([0, 1, 2, 0, 3]);
  });

  it('gives NaN of a binned column the (missing) slice', () => {
    const values = Float64Array.from([...Array.from({ length: 20 }, (_, i) => i), Number.NaN]);
    const slices = sliceColumn('x', values, 4);
    expect(slices.labels[slices.ids[20]!]).toBe(MISSING_SLICE);
    expect(slices.labels.slice(0, 4)).toEqual(['[0, 4.75)', '[4.75, 9.5)', '[9.5, 14.25)', '[14.25, 19]']);
  });

  it('crosses two columns into the pairs that occur, named column=slice & column=slice', () => {
    const sex = sliceColumn('sex', ['F', 'M', 'F', 'F'], 5);
    const band = sliceColumn('band', ['a', 'a', 'b', 'a'], 5);
    const crossed = crossSlices(sex, band);
    expect(crossed.column).toBe('sex & band');
    expect(crossed.labels).toEqual(['sex=F & band=a', 'sex=M & band=a', 'sex=F & band=b']);
    expect(Array.from(crossed.ids)).toEqual([0, 1, 2, 0]);
  });
});
