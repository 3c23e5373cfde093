import { describe, it, expect } from 'vitest';
import { kolmogorovSf } from './kolmogorov-distribution.ts';
import { closeTo, loadDriftFixtures } from '../../../test/fixtures/drift/drift-fixtures.ts';

const fixtures = loadDriftFixtures();

describe('kolmogorovSf', () => {
  it('fixtures were made by scipy 1.17.1', () => {
    expect(fixtures.scipy).toBe('1.17.1');
  });

  it('matches scipy.stats.kstwo.sf over every branch (n from 1 to 400000)', () => {
    const misses: string[] = [];
    for (const { n, x, sf } of fixtures.kstwoSf) {
      const actual = kolmogorovSf(n, x);
      // 1e-9 relative; the absolute 1e-14 covers complements 1 - cdf, where scipy itself rounds.
      if (!closeTo(actual, sf, 1e-9, 1e-14)) misses.push(`n=${n} x=${x}: ${actual} vs ${sf}`);
    }
    expect(misses).toEqual([]);
  });

  it('is 1 at and below 1/(2n), 0 at 1, and not NaN for a non-integer n', () => {
    expect(kolmogorovSf(10, 0)).toBe(1);
    expect(kolmogorovSf(10, 0.05)).toBe(1);
    expect(kolmogorovSf(10, 1)).toBe(0);
    expect(kolmogorovSf(2.5, 0.3)).toBeNaN();
  });
});
