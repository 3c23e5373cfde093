import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { normalisedWasserstein, wassersteinDistance } from './wasserstein.ts';
import { sortedSample } from './sorted-sample.ts';
import { closeTo, loadDriftFixtures } from '../../../test/fixtures/drift/drift-fixtures.ts';

const fixtures = loadDriftFixtures();

describe('wassersteinDistance against scipy.stats.wasserstein_distance', () => {
  for (const c of fixtures.wasserstein) {
    it(c.name, () => {
      const a =
        c.uWeights === null
          ? { values: Float64Array.from(c.u) }
          : { values: Float64Array.from(c.u), weights: Float64Array.from(c.uWeights) };
      const b =
        c.vWeights === null
          ? { values: Float64Array.from(c.v) }
          : { values: Float64Array.from(c.v), weights: Float64Array.from(c.vWeights) };
      expect(closeTo(wassersteinDistance(a, b), c.distance, 1e-12, 1e-15)).toBe(true);
    });
  }
});

describe('wassersteinDistance properties', () => {
  it('is symmetric, zero on itself, and equals the shift for a translated sample', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: -10, max: 10 }),
        (xs, shift) => {
          const a = sortedSample(xs);
          const b = sortedSample(xs.map((x) => x + shift));
          expect(wassersteinDistance(a, a)).toBe(0);
          expect(wassersteinDistance(a, b)).toBeCloseTo(Math.abs(shift), 9);
          expect(wassersteinDistance(a, b)).toBeCloseTo(wassersteinDistance(b, a), 12);
        },
      ),
    );
  });

  it('is 0 when either sample is empty', () => {
    expect(wassersteinDistance(sortedSample([]), sortedSample([1]))).toBe(0);
    expect(wassersteinDistance(sortedSample([1]), sortedSample([]))).toBe(0);
  });
});

describe('normalisedWasserstein', () => {
  it('divides by the reference std, with 0.001 standing in for a constant column', () => {
    expect(normalisedWasserstein(0.5, 2)).toBe(0.25);
    expect(normalisedWasserstein(0.5, 0)).toBeCloseTo(500, 9);
  });
});
