import { describe, expect, it } from 'vitest';
import { checkSeed, percentileInterval, SeededRandom } from './seeded-random.ts';

describe('SeededRandom', () => {
  it('gives the same stream for the same seed and another for the next seed', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.nextUint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws integers below n evenly, for small and large n', () => {
    const random = new SeededRandom(1);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[random.nextInt(10)]!++;
    // χ² with 9 degrees of freedom: 27.9 is its 0.999 quantile.
    const chiSquare = counts.reduce((sum, c) => sum + (c - 10_000) ** 2 / 10_000, 0);
    expect(chiSquare).toBeLessThan(27.9);
    const big = 3_000_000_000;
    for (let i = 0; i < 1000; i++) {
      const x = random.nextInt(big);
      expect(Number.isInteger(x) && x >= 0 && x < big).toBe(true);
    }
    expect(() => random.nextInt(0)).toThrow(RangeError);
  });

  it('draws floats in [0, 1) and normals with mean 0 and variance 1', () => {
    const random = new SeededRandom(3);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = random.nextFloat();
      expect(u >= 0 && u < 1).toBe(true);
      const z = random.nextNormal();
      sum += z;
      squares += z * z;
    }
    expect(Math.abs(sum / 100_000)).toBeLessThan(0.02);
    expect(Math.abs(squares / 100_000 - 1)).toBeLessThan(0.03);
  });
});

describe('checkSeed', () => {
  it('depends on the suite seed and the check name', () => {
    expect(checkSeed(7, 'fair')).toBe(checkSeed(7, 'fair'));
    expect(checkSeed(7, 'fair')).not.toBe(checkSeed(8, 'fair'));
    expect(checkSeed(7, 'fair')).not.toBe(checkSeed(7, 'fair2'));
  });
});

describe('percentileInterval', () => {
  it("interpolates as numpy.quantile's default does", () => {
    // np.quantile(np.arange(1, 11), [0.025, 0.975]) == [1.225, 9.775]
    const [low, high] = percentileInterval([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.95);
    expect(low).toBeCloseTo(1.225, 12);
    expect(high).toBeCloseTo(9.775, 12);
  });

  it('leaves out NaN statistics and gives NaN for none', () => {
    expect(percentileInterval([Number.NaN, 2, 2], 0.9)).toEqual([2, 2]);
    expect(percentileInterval([Number.NaN], 0.9).every(Number.isNaN)).toBe(true);
  });
});
