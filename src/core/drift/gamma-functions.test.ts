import { describe, it, expect } from 'vitest';
import { chiSquareSf, logGamma, upperRegularisedGamma } from './gamma-functions.ts';
import { closeTo, loadDriftFixtures } from '../../../test/fixtures/drift/drift-fixtures.ts';

const fixtures = loadDriftFixtures();

describe('gamma functions against scipy', () => {
  it('logGamma matches scipy.special.gammaln', () => {
    for (const { x, value } of fixtures.gammaln) {
      // Absolute 1e-14 where log Γ crosses zero (x near 1 and 2).
      expect(closeTo(logGamma(x), value, 1e-13, 1e-14), `x=${x}`).toBe(true);
    }
  });

  it('chiSquareSf matches scipy.stats.chi2.sf', () => {
    const misses: string[] = [];
    for (const { dof, x, sf } of fixtures.chi2Sf) {
      const actual = chiSquareSf(x, dof);
      // 1e-9 relative; below 1e-300 the values are subnormal or zero on both sides.
      if (!closeTo(actual, sf, 1e-9, 1e-300)) misses.push(`dof=${dof} x=${x}: ${actual} vs ${sf}`);
    }
    expect(misses).toEqual([]);
  });

  it('edge values', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(upperRegularisedGamma(2, Infinity)).toBe(0);
    expect(upperRegularisedGamma(0, 1)).toBeNaN();
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
  });
});
