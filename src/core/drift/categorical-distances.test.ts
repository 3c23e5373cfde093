import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { populationStabilityIndex } from './psi.ts';
import { jensenShannonDistance } from './jensen-shannon.ts';
import { totalVariationDistance } from './total-variation.ts';
import { chiSquareHomogeneity } from './chi-square.ts';
import { closeTo, loadDriftFixtures } from '../../../test/fixtures/drift/drift-fixtures.ts';

const fixtures = loadDriftFixtures();
const counts = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 12 });
const pairOfCounts = counts.chain((r) =>
  fc.tuple(fc.constant(r), fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: r.length, maxLength: r.length })),
);

describe('PSI, Jensen–Shannon, TVD and chi-square against the reference formulas and scipy', () => {
  for (const [i, c] of fixtures.categorical.entries()) {
    it(`case ${i}: ${c.reference.length} bins`, () => {
      expect(closeTo(populationStabilityIndex(c.reference, c.current), c.psi, 1e-12, 1e-15)).toBe(true);
      expect(closeTo(populationStabilityIndex(c.reference, c.current, 0.01), c.psiFloor001, 1e-12, 1e-15)).toBe(true);
      expect(closeTo(jensenShannonDistance(c.reference, c.current), c.jensenShannon, 1e-9, 1e-15)).toBe(true);
      expect(closeTo(totalVariationDistance(c.reference, c.current), c.tvd, 1e-12, 1e-15)).toBe(true);
      const chi = chiSquareHomogeneity(c.reference, c.current);
      expect(chi).toBeDefined();
      expect(chi!.dof).toBe(c.chi2.dof);
      expect(closeTo(chi!.statistic, c.chi2.statistic, 1e-12, 1e-15)).toBe(true);
      expect(closeTo(chi!.pValue, c.chi2.pValue, 1e-9, 1e-300)).toBe(true);
    });
  }
});

describe('edge cases: no NaN anywhere', () => {
  it('an empty side gives 0 distances and no chi-square test', () => {
    for (const [r, q] of [
      [
        [0, 0],
        [1, 2],
      ],
      [
        [1, 2],
        [0, 0],
      ],
      [[], []],
    ] as const) {
      expect(populationStabilityIndex(r, q)).toBe(0);
      expect(jensenShannonDistance(r, q)).toBe(0);
      expect(totalVariationDistance(r, q)).toBe(0);
      expect(chiSquareHomogeneity(r, q)).toBeUndefined();
    }
  });

  it('a single category gives 0 distances and no chi-square test', () => {
    expect(populationStabilityIndex([5], [9])).toBe(0);
    expect(jensenShannonDistance([5], [9])).toBe(0);
    expect(totalVariationDistance([5], [9])).toBe(0);
    expect(chiSquareHomogeneity([5, 0], [9, 0])).toBeUndefined();
  });

  it('mismatched bins are a programming error', () => {
    expect(() => populationStabilityIndex([1, 2], [1])).toThrow(RangeError);
  });
});

describe('properties', () => {
  it('identical proportions give 0 and a chi-square p-value of 1', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 5 }), (r, k) => {
        fc.pre(r.filter((x) => x > 0).length >= 2);
        const q = r.map((x) => x * k);
        expect(populationStabilityIndex(r, q)).toBeCloseTo(0, 12);
        expect(jensenShannonDistance(r, q)).toBeCloseTo(0, 6);
        expect(totalVariationDistance(r, q)).toBeCloseTo(0, 12);
        expect(chiSquareHomogeneity(r, q)!.pValue).toBeCloseTo(1, 9);
      }),
    );
  });

  it('all are symmetric, non-negative and bounded', () => {
    fc.assert(
      fc.property(pairOfCounts, ([r, q]) => {
        fc.pre(r.some((x) => x > 0) && q.some((x) => x > 0));
        expect(populationStabilityIndex(r, q)).toBeGreaterThanOrEqual(0);
        expect(populationStabilityIndex(r, q)).toBeCloseTo(populationStabilityIndex(q, r), 9);
        const js = jensenShannonDistance(r, q);
        expect(js).toBeGreaterThanOrEqual(0);
        expect(js).toBeLessThanOrEqual(Math.sqrt(Math.LN2) + 1e-12);
        expect(js).toBeCloseTo(jensenShannonDistance(q, r), 12);
        const tvd = totalVariationDistance(r, q);
        expect(tvd).toBeGreaterThanOrEqual(0);
        expect(tvd).toBeLessThanOrEqual(1 + 1e-12);
        const chi = chiSquareHomogeneity(r, q);
        if (chi !== undefined) {
          expect(chi.pValue).toBeGreaterThanOrEqual(0);
          expect(chi.pValue).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
