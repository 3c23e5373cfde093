import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ksTwoSample } from './ks-test.ts';
import { sortedSample, type SortedSample } from './sorted-sample.ts';
import { closeTo, lcgSample, loadDriftFixtures, type KsFixture } from '../../../test/fixtures/drift/drift-fixtures.ts';

const fixtures = loadDriftFixtures();

function sampleOf(values: number[] | undefined, spec: KsFixture['aSpec']): SortedSample {
  return sortedSample(values ?? lcgSample(spec!));
}

describe('ksTwoSample against scipy.stats.ks_2samp', () => {
  for (const fixture of fixtures.ks) {
    it(fixture.name, () => {
      const result = ksTwoSample(sampleOf(fixture.a, fixture.aSpec), sampleOf(fixture.b, fixture.bSpec));
      expect(result.method).toBe(fixture.method);
      expect(closeTo(result.statistic, fixture.statistic, 1e-12)).toBe(true);
      // Subnormal p-values (below 1e-300) carry too few bits for a relative comparison.
      if (!closeTo(result.pValue, fixture.pValue, 1e-9, 1e-300)) {
        expect(result.pValue).toBe(fixture.pValue);
      }
    });
  }
});

describe('ksTwoSample on weighted (sketch) samples', () => {
  it('gives the ECDF distance of the repeated sample and the asymptotic p-value at the true sizes', () => {
    for (const c of fixtures.weightedKs) {
      const a = { values: Float64Array.from(c.a), weights: Float64Array.from(c.aWeights) };
      const b = { values: Float64Array.from(c.b), weights: Float64Array.from(c.bWeights) };
      const result = ksTwoSample(a, b, { sizes: c.sizes });
      expect(result.method).toBe('asymp');
      expect(closeTo(result.statistic, c.statistic, 1e-12)).toBe(true);
      expect(closeTo(result.pValue, c.pValue, 1e-9, 1e-14)).toBe(true);
    }
  });

  it('with unit weights has the same statistic as the unweighted sample', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 40 }),
        (xs, ys) => {
          const a = sortedSample(xs);
          const b = sortedSample(ys);
          const unweighted = ksTwoSample(a, b);
          const weighted = ksTwoSample(
            { values: a.values, weights: new Float64Array(xs.length).fill(1) },
            { values: b.values, weights: new Float64Array(ys.length).fill(1) },
          );
          expect(weighted.statistic).toBeCloseTo(unweighted.statistic, 12);
        },
      ),
    );
  });
});

describe('ksTwoSample properties and edge cases', () => {
  it('is symmetric and in range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (xs, ys) => {
          const ab = ksTwoSample(sortedSample(xs), sortedSample(ys));
          const ba = ksTwoSample(sortedSample(ys), sortedSample(xs));
          expect(ab.statistic).toBe(ba.statistic);
          expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
          expect(ab.statistic).toBeGreaterThanOrEqual(0);
          expect(ab.statistic).toBeLessThanOrEqual(1);
          expect(ab.pValue).toBeGreaterThanOrEqual(0);
          expect(ab.pValue).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('answers statistic 0, p-value 1 for an empty sample, and for two samples of one value', () => {
    expect(ksTwoSample(sortedSample([]), sortedSample([1, 2]))).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
    expect(ksTwoSample(sortedSample([1, 2]), sortedSample([]))).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
    expect(ksTwoSample(sortedSample([3, 3, 3]), sortedSample([3]))).toEqual({ statistic: 0, pValue: 1, method: 'exact' });
  });

  it('ignores non-finite values', () => {
    const result = ksTwoSample(sortedSample([1, Number.NaN, 2, Infinity]), sortedSample([1, 2]));
    expect(result.statistic).toBe(0);
  });

  it('handles million-row samples (asymptotic path)', () => {
    const a = sortedSample(lcgSampleLarge(1, 1_000_000, 0));
    const b = sortedSample(lcgSampleLarge(2, 1_000_000, 0.005));
    const result = ksTwoSample(a, b);
    expect(result.method).toBe('asymp');
    expect(result.statistic).toBeGreaterThan(0.001);
    expect(result.pValue).toBeLessThan(1e-6);
  });
});

function lcgSampleLarge(seed: number, n: number, offset: number): Float64Array {
  return lcgSample({ seed, n, kind: 'uniform', offset, scale: 1 });
}
