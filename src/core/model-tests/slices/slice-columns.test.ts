import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../seeded-random.ts';
import { fixtures } from '../testing/metric-fixtures.ts';
import { crossSlices, MISSING_SLICE, quantileEdges, sliceColumn } from './slice-columns.ts';

describe('slice columns', () => {
  it('puts numbers in quantile bins whose edges are numpy quantiles, left-closed as np.searchsorted side=right', () => {
    const age = Float64Array.from(fixtures.binary.age);
    const expected = fixtures.binary.age_quintile_edges;
    const edges = quantileEdges(Float64Array.from(age), 5); // unsorted: found by selection
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

  it('finds by selection the same edges as sorting would, on unsorted values with many ties', () => {
    const random = new SeededRandom(4);
    for (const [n, distinct, bins] of [
      [1000, 7, 5],
      [5000, 100000, 10],
      [37, 1000, 3],
      [200, 2, 4],
    ] as const) {
      const values = Float64Array.from({ length: n }, () => random.nextInt(distinct) / 10);
      const sorted = Float64Array.from(values).sort();
      const bySort: number[] = [];
      for (let j = 1; j < bins; j++) {
        const position = (n - 1) * (j / bins);
        const below = Math.floor(position);
        const t = position - below;
        const [a, b] = [sorted[below]!, sorted[Math.min(below + 1, n - 1)]!];
        const edge = t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
        if (edge > sorted[0]! && (bySort.length === 0 || edge > bySort[bySort.length - 1]!)) bySort.push(edge);
      }
      expect(quantileEdges(values, bins)).toEqual(bySort);
    }
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
