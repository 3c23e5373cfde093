import { describe, expect, it } from 'vitest';
import { meanEffectSize, minSamplePerVariant, rateEffectSize, rowsForPower } from './ab-sample-size.ts';
import { abReferences } from './testing/ab-references.ts';

describe('the rows each variant needs (α 0.05, power 0.8, two-sided), against statsmodels NormalIndPower', () => {
  it("a rate: Cohen's h is proportion_effectsize's, and the rows solve_power's", () => {
    for (const c of abReferences.rate_sample_sizes) {
      const h = rateEffectSize(c.p, c.effect)!;
      expect(h, JSON.stringify(c)).toBeCloseTo(c.h, 12);
      // solve_power stops at its solver's tolerance (about 1e-7 relative); n_exact is the same root to 1e-12.
      expect(Math.abs(rowsForPower(h)! - c.n) / c.n, JSON.stringify(c)).toBeLessThan(1e-6);
      expect(Math.abs(rowsForPower(h)! - c.n_exact) / c.n_exact, JSON.stringify(c)).toBeLessThan(1e-10);
      expect(minSamplePerVariant(h)).toBe(Math.ceil(c.n));
    }
  });

  it('a mean: the effect standardised by both variances, and the rows solve_power gives for it', () => {
    for (const c of abReferences.mean_sample_sizes) {
      const d = meanEffectSize(c.var_a, c.var_b, c.effect)!;
      expect(d, c.name).toBeCloseTo(c.d, 12);
      expect(Math.abs(rowsForPower(d)! - c.n) / c.n, c.name).toBeLessThan(1e-6);
      expect(Math.abs(rowsForPower(d)! - c.n_exact) / c.n_exact, c.name).toBeLessThan(1e-10);
      expect(minSamplePerVariant(d), c.name).toBe(Math.ceil(c.n));
    }
  });

  it('asks fewer rows for a larger effect', () => {
    expect(minSamplePerVariant(0.2)!).toBeGreaterThan(minSamplePerVariant(0.4)!);
  });

  it('moves a rate downwards when p + effect passes 1, and says nothing without an effect or a spread', () => {
    expect(rateEffectSize(0.99, 0.02)).toBeCloseTo(2 * Math.asin(Math.sqrt(0.99)) - 2 * Math.asin(Math.sqrt(0.97)), 12);
    expect(rateEffectSize(0.5, 0)).toBeNull();
    expect(rowsForPower(0)).toBeNull();
    expect(minSamplePerVariant(Number.NaN)).toBeNull();
    expect(meanEffectSize(0, 0, 1)).toBeNull();
  });
});
