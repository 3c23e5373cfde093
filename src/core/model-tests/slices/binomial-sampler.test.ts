import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../seeded-random.ts';
import { binomialDraw, gammaDraw, multinomialDraw } from './binomial-sampler.ts';

function moments(draws: number[]): { mean: number; variance: number } {
  const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
  const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1);
  return { mean, variance };
}

function binomialPmf(n: number, p: number): number[] {
  const out: number[] = [];
  let logChoose = 0;
  for (let x = 0; x <= n; x++) {
    if (x > 0) logChoose += Math.log((n - x + 1) / x);
    out.push(Math.exp(logChoose + x * Math.log(p) + (n - x) * Math.log(1 - p)));
  }
  return out;
}

describe('binomial and multinomial draws', () => {
  it('match the binomial distribution (total variation over 100,000 draws), through the beta splitting', () => {
    const random = new SeededRandom(11);
    for (const [n, p] of [
      [40, 0.3],
      [200, 0.05],
      [15, 0.5],
    ] as const) {
      const draws = Array.from({ length: 100000 }, () => binomialDraw(random, n, p));
      const frequency = new Array<number>(n + 1).fill(0);
      for (const x of draws) frequency[x]! += 1 / draws.length;
      const pmf = binomialPmf(n, p);
      const distance = pmf.reduce((s, q, x) => s + Math.abs(q - frequency[x]!), 0) / 2;
      expect({ n, p, small: distance < 0.01 }).toEqual({ n, p, small: true });
    }
  });

  it('have the binomial mean and variance for a million trials', () => {
    const random = new SeededRandom(5);
    const n = 1_000_000;
    const p = 0.137;
    const { mean, variance } = moments(Array.from({ length: 20000 }, () => binomialDraw(random, n, p)));
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((4 * sd) / Math.sqrt(20000));
    expect(variance / (sd * sd)).toBeGreaterThan(0.95);
    expect(variance / (sd * sd)).toBeLessThan(1.05);
  });

  it('handle the edges: no trials, p of 0 and 1', () => {
    const random = new SeededRandom(1);
    expect([binomialDraw(random, 0, 0.5), binomialDraw(random, 10, 0), binomialDraw(random, 10, 1), binomialDraw(random, 1000, 1)]).toEqual(
      [0, 0, 10, 1000],
    );
  });

  it('gamma draws have mean and variance equal to the shape', () => {
    const random = new SeededRandom(3);
    for (const shape of [1, 2.5, 500]) {
      const { mean, variance } = moments(Array.from({ length: 40000 }, () => gammaDraw(random, shape)));
      expect(Math.abs(mean - shape) / Math.sqrt(shape / 40000)).toBeLessThan(4);
      expect(variance / shape).toBeGreaterThan(0.95);
      expect(variance / shape).toBeLessThan(1.05);
    }
  });

  it('multinomial draws always total n, leave empty cells empty and give each cell its expected share', () => {
    const random = new SeededRandom(9);
    const weights = [5, 0, 3, 2];
    const out = new Float64Array(4);
    const sums = [0, 0, 0, 0];
    for (let round = 0; round < 2000; round++) {
      multinomialDraw(random, 1000, weights, out);
      expect(out.reduce((s, x) => s + x, 0)).toBe(1000);
      expect(out[1]).toBe(0);
      out.forEach((x, i) => (sums[i]! += x / 2000));
    }
    expect(sums.map((s) => Math.round(s))).toEqual([500, 0, 300, 200]);
  });

  it('are reproducible from the seed', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => binomialDraw(random, 100000, 0.3));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });
});
