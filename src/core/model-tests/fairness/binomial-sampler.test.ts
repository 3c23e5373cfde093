import { describe, expect, it } from 'vitest';
import { chiSquareSf, logGamma } from '../../drift/gamma-functions.ts';
import { SeededRandom } from '../seeded-random.ts';
import { sampleBinomial } from './binomial-sampler.ts';

function logPmf(n: number, p: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/** Pearson's χ² of `draws` against Binomial(n, p), over bins that expect at least 5 (the tails pooled), and its p-value. */
function goodnessOfFit(n: number, p: number, draws: readonly number[]): { pValue: number; bins: number } {
  const mean = n * p;
  const sd = Math.sqrt(n * p * (1 - p));
  const low = Math.max(0, Math.floor(mean - 8 * sd - 10));
  const high = Math.min(n, Math.ceil(mean + 8 * sd + 10));
  const observed = new Map<number, number>();
  for (const k of draws) observed.set(k, (observed.get(k) ?? 0) + 1);
  const bins: Array<{ expected: number; observed: number }> = [];
  let pending = { expected: 0, observed: 0 };
  let covered = 0;
  for (let k = low; k <= high; k++) {
    const probability = Math.exp(logPmf(n, p, k));
    covered += probability;
    pending.expected += probability * draws.length;
    pending.observed += observed.get(k) ?? 0;
    if (pending.expected >= 5) {
      bins.push(pending);
      pending = { expected: 0, observed: 0 };
    }
  }
  const last = bins[bins.length - 1]!;
  last.expected += pending.expected;
  last.observed += pending.observed;
  expect(covered).toBeGreaterThan(1 - 1e-6);
  const outside = draws.filter((k) => k < low || k > high).length;
  expect(outside).toBe(0);
  const chiSquare = bins.reduce((sum, bin) => sum + (bin.observed - bin.expected) ** 2 / bin.expected, 0);
  return { pValue: chiSquareSf(chiSquare, bins.length - 1), bins: bins.length };
}

describe('sampleBinomial', () => {
  it('has the edges exactly: n = 0, p = 0, p = 1', () => {
    const random = new SeededRandom(1);
    expect(sampleBinomial(random, 0, 0.3)).toBe(0);
    expect(sampleBinomial(random, 50, 0)).toBe(0);
    expect(sampleBinomial(random, 50, 1)).toBe(50);
    expect(() => sampleBinomial(random, 2.5, 0.3)).toThrow(RangeError);
    expect(() => sampleBinomial(random, 10, 1.2)).toThrow(RangeError);
  });

  // Both regimes (mean below 10: waiting time; above: BTRS), p above ½ (the mirror), and a million rows.
  const cases: Array<[number, number]> = [
    [20, 0.15],
    [60, 0.16],
    [1_000_000, 3e-6],
    [100, 0.1],
    [200, 0.35],
    [1000, 0.7],
    [40, 0.5],
    [1_000_000, 1e-4],
    [1_000_000, 0.5],
  ];
  it.each(cases)('draws Binomial(%d, %d): χ² goodness of fit, mean and variance', (n, p) => {
    const random = new SeededRandom(n + Math.round(p * 1e6));
    const draws = Array.from({ length: 40_000 }, () => sampleBinomial(random, n, p));
    const { pValue, bins } = goodnessOfFit(n, p, draws);
    expect(bins).toBeGreaterThan(3);
    // Seeded, so not flaky; a sampler off by a few percent of a standard deviation anywhere fails this.
    expect(pValue).toBeGreaterThan(1e-3);
    const mean = draws.reduce((s, k) => s + k, 0) / draws.length;
    const variance = draws.reduce((s, k) => s + (k - mean) ** 2, 0) / (draws.length - 1);
    const trueVariance = n * p * (1 - p);
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt(trueVariance / draws.length));
    // The variance of a sample variance is about 2σ⁴/N for a near-normal law: 4 of its standard errors, plus room for skew.
    expect(Math.abs(variance / trueVariance - 1)).toBeLessThan(4 * Math.sqrt(2 / draws.length) + 0.01);
  });

  it('is reproducible from the seed', () => {
    const draw = () => {
      const random = new SeededRandom(42);
      return Array.from({ length: 20 }, (_, i) => sampleBinomial(random, 1000 * (i + 1), 0.01 * (i + 1)));
    };
    expect(draw()).toEqual(draw());
  });
});
