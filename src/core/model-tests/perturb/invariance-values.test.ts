import { describe, expect, it } from 'vitest';
import { BallastError } from '../../errors.ts';
import { SeededRandom } from '../seeded-random.ts';
import { drawInvariantColumn } from './invariance-values.ts';

describe('drawInvariantColumn', () => {
  it('draws whole numbers across [min, max] for a whole-number column', () => {
    const draw = drawInvariantColumn('c', Float64Array.of(1, 3, Number.NaN), undefined, undefined, 3000, new SeededRandom(1));
    const counts = new Map<number, number>();
    for (const value of draw.column as Float64Array) counts.set(value, (counts.get(value) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([1, 2, 3]);
    for (const count of counts.values()) expect(count / 3000).toBeCloseTo(1 / 3, 1);
    expect(draw.drawnFrom).toEqual({ min: 1, max: 3, whole: true });
  });
  it("draws the reference's categories, else the data's, uniformly", () => {
    const draw = drawInvariantColumn('c', ['a', 'a'], { kind: 'categorical', values: ['x', 'y'] }, undefined, 2000, new SeededRandom(1));
    const xs = (draw.column as string[]).filter((value) => value === 'x').length;
    expect((draw.column as string[]).every((value) => value === 'x' || value === 'y')).toBe(true);
    expect(xs / 2000).toBeCloseTo(0.5, 1);
    expect(drawInvariantColumn('c', ['b', null, 'c'], undefined, undefined, 5, new SeededRandom(1)).drawnFrom).toEqual({
      categories: ['b', 'c'],
    });
    expect(
      drawInvariantColumn('c', Float64Array.of(2), { kind: 'categorical', values: ['4'] }, undefined, 2, new SeededRandom(1)).column,
    ).toEqual(Float64Array.of(4, 4));
  });
  it('refuses to draw from nothing', () => {
    expect(() => drawInvariantColumn('c', Float64Array.of(Number.NaN), undefined, undefined, 1, new SeededRandom(1))).toThrow(BallastError);
    expect(() => drawInvariantColumn('c', [null], undefined, undefined, 1, new SeededRandom(1))).toThrow(/no category to draw from/);
    expect(() => drawInvariantColumn('c', ['a'], undefined, [], 1, new SeededRandom(1))).toThrow(/at least one value/);
  });
});
