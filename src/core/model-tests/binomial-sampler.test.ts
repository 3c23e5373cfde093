import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.ts';
import { binomialDraw, multinomialDraw } from './binomial-sampler.ts';

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
  it('match the binomial distribution (chi-square over 100,000 draws), by inversion and by BTRS, p above and below 1/2', () => {
    const random = new SeededRandom(11);
    for (const [n, p] of [
      [40, 0.3],
      [200, 0.05],
      [15, 0.5],
      [1000, 0.5],
      [30, 0.9],
      [60, 0.12],
    ] as const) {
      const draws = Array.from({ length: 100000 }, () => binomialDraw(random, n, p));
      const observed = new Array<number>(n + 1).fill(0);
      for (const x of draws) observed[x]! += 1;
      // Pearson's chi-square over the values expected at least 5 times: a right sampler stays near its
      // degrees of freedom; 4 standard deviations above them would be a 1-in-30,000 chance.
      let chiSquare = 0;
      let cells = 0;
      binomialPmf(n, p).forEach((q, x) => {
        const expected = q * draws.length;
        if (expected < 5) return;
        chiSquare += (observed[x]! - expected) ** 2 / expected;
        cells++;
      });
      expect({ n, p, fits: chiSquare < cells + 4 * Math.sqrt(2 * cells) }).toEqual({ n, p, fits: true });
    }
  });

  for (const p of [0.137, 0.000004, 0.9999])
    it(`have the binomial mean and variance for a million trials, p = ${p}`, () => {
      const random = new SeededRandom(5);
      const n = 1_000_000;
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
