import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../seeded-random.ts';
import { resampleCounts } from './count-resample.ts';

describe('resampleCounts', () => {
  it('keeps the total, leaves empty cells empty, and draws each cell with the multinomial mean and variance', () => {
    const counts = [0, 120, 3, 0, 877, 1000, 0];
    const total = counts.reduce((s, c) => s + c, 0);
    const random = new SeededRandom(5);
    const into = new Float64Array(counts.length);
    const rounds = 20_000;
    const sums = new Float64Array(counts.length);
    const squares = new Float64Array(counts.length);
    let totalsKept = true;
    let wholeNumbers = true;
    for (let r = 0; r < rounds; r++) {
      resampleCounts(random, counts, into);
      let sum = 0;
      for (let i = 0; i < counts.length; i++) {
        sum += into[i]!;
        if (!Number.isInteger(into[i])) wholeNumbers = false;
        sums[i]! += into[i]!;
        squares[i]! += into[i]! ** 2;
      }
      if (sum !== total) totalsKept = false;
    }
    expect(totalsKept).toBe(true);
    expect(wholeNumbers).toBe(true);
    for (let i = 0; i < counts.length; i++) {
      const p = counts[i]! / total;
      const mean = sums[i]! / rounds;
      const variance = squares[i]! / rounds - mean ** 2;
      if (p === 0) {
        expect(sums[i]).toBe(0);
        continue;
      }
      // Multinomial marginals: Binomial(total, p) — also for the cells drawn late in the chain.
      const trueVariance = total * p * (1 - p);
      expect(Math.abs(mean - total * p)).toBeLessThan(4 * Math.sqrt(trueVariance / rounds));
      expect(Math.abs(variance / trueVariance - 1)).toBeLessThan(0.06);
    }
  });

  it('gives the pairwise covariance of a multinomial (−n·p_i·p_j), as a row resample does', () => {
    const counts = [300, 500, 200];
    const random = new SeededRandom(9);
    const into = new Float64Array(3);
    const rounds = 30_000;
    let sumA = 0;
    let sumB = 0;
    let sumAB = 0;
    for (let r = 0; r < rounds; r++) {
      resampleCounts(random, counts, into);
      sumA += into[0]!;
      sumB += into[2]!;
      sumAB += into[0]! * into[2]!;
    }
    const covariance = sumAB / rounds - (sumA / rounds) * (sumB / rounds);
    expect(Math.abs(covariance / (-1000 * 0.3 * 0.2) - 1)).toBeLessThan(0.1);
  });
});
