import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../seeded-random.ts';
import { addNoise, blendRows, featureMasks, setMissing, swapCategories } from './perturb-column.ts';

function sampleStd(values: ArrayLike<number>): number {
  const list = Array.from(values);
  const mean = list.reduce((sum, value) => sum + value, 0) / list.length;
  return Math.sqrt(list.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (list.length - 1));
}

describe('addNoise', () => {
  it('adds scale × N(0, 1) to every present value and leaves missing values and the input alone', () => {
    const column = Float64Array.from({ length: 20000 }, (_, row) => (row % 10 === 0 ? Number.NaN : row));
    const noisy = addNoise(column, 2, new SeededRandom(3));
    const deltas = Array.from(noisy, (value, row) => value - column[row]!).filter((delta) => !Number.isNaN(delta));
    expect(deltas).toHaveLength(18000);
    expect(sampleStd(deltas)).toBeCloseTo(2, 1);
    expect(Math.abs(deltas.reduce((sum, d) => sum + d, 0) / deltas.length)).toBeLessThan(0.05);
    expect(Number.isNaN(noisy[0]!)).toBe(true);
    expect(column[1]).toBe(1);
  });
  it('gives the same noise for the same seed', () => {
    const column = Float64Array.of(1, 2, 3, 4);
    const noisy = addNoise(column, 1, new SeededRandom(9));
    expect(addNoise(column, 1, new SeededRandom(9))).toEqual(noisy);
    expect(addNoise(column, 1, new SeededRandom(10))).not.toEqual(noisy);
  });

  it('keeps a whole-number column whole', () => {
    const noisy = addNoise(
      Float64Array.from({ length: 200 }, (_, row) => row % 5),
      3,
      new SeededRandom(2),
      true,
    );
    expect(noisy.every((value) => Number.isInteger(value))).toBe(true);
    expect(noisy.some((value, row) => value !== row % 5)).toBe(true);
  });
});

describe('swapCategories', () => {
  it('replaces each seen value by one of the other values, uniformly', () => {
    const column = Array.from({ length: 9000 }, () => 'a');
    const swapped = swapCategories(column, ['a', 'b', 'c'], new SeededRandom(1)) as (string | null)[];
    const counts = { a: 0, b: 0, c: 0 } as Record<string, number>;
    for (const value of swapped) counts[value!]!++;
    expect(counts.a).toBe(0);
    expect(counts.b! / 9000).toBeCloseTo(0.5, 1);
    expect(counts.c! / 9000).toBeCloseTo(0.5, 1);
  });
  it('gives an unseen value any pool value, keeps missing values, and keeps a value that has no other', () => {
    expect(swapCategories(['zzz', null], ['a'], new SeededRandom(1))).toEqual(['a', null]);
    expect(swapCategories(['a', 'a'], ['a'], new SeededRandom(1))).toEqual(['a', 'a']);
    expect(swapCategories(['a', 'b'], [], new SeededRandom(1))).toEqual(['a', 'b']);
  });
  it('swaps integer-coded categories in a number column', () => {
    const swapped = swapCategories(Float64Array.of(1, 1, Number.NaN, 2), Float64Array.of(1, 2), new SeededRandom(1));
    expect(Array.from(swapped as Float64Array)).toEqual([2, 2, Number.NaN, 1]);
  });
});

describe('setMissing and blendRows', () => {
  it('set every value missing: NaN in a number column, null in a text one', () => {
    expect(Array.from(setMissing(Float64Array.of(1, 2)) as Float64Array)).toEqual([Number.NaN, Number.NaN]);
    expect(setMissing(['a', 'b'])).toEqual([null, null]);
  });
  it('keep the perturbed value in the selected rows only', () => {
    expect(Array.from(blendRows(Float64Array.of(1, 2, 3), Float64Array.of(7, 8, 9), Uint8Array.of(0, 1, 1)) as Float64Array)).toEqual([
      1, 8, 9,
    ]);
    expect(blendRows(['a', 'b', 'c'], [null, 'x', 'y'], Uint8Array.of(1, 0, 1))).toEqual([null, 'b', 'y']);
  });
});

describe('featureMasks', () => {
  it('is null when every feature of every row changes', () => {
    expect(featureMasks(10, 3, 1, new SeededRandom(1))).toBeNull();
  });
  it('picks round(share × features) features per row, each feature about equally often', () => {
    const masks = featureMasks(6000, 4, 0.5, new SeededRandom(5))!;
    for (let row = 0; row < 6000; row++) expect(masks.reduce((sum, mask) => sum + mask[row]!, 0)).toBe(2);
    for (const mask of masks) expect(mask.reduce((sum, bit) => sum + bit, 0) / 6000).toBeCloseTo(0.5, 1);
  });
  it('picks at least one feature per row however small the share', () => {
    const masks = featureMasks(50, 3, 0.01, new SeededRandom(5))!;
    for (let row = 0; row < 50; row++) expect(masks.reduce((sum, mask) => sum + mask[row]!, 0)).toBe(1);
  });
});
