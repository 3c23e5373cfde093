import { describe, expect, it } from 'vitest';
import { meanDifferenceInterval, rateDifferenceInterval, Z_975 } from './ab-difference-interval.ts';
import { abReferences } from './testing/ab-references.ts';

const sideOf = (values: readonly number[]) => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sampleVariance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { count: values.length, mean, sampleVariance };
};

describe('the 95% interval of a difference between two variants, against statsmodels', () => {
  it('uses the normal quantile scipy gives for 0.975', () => {
    expect(Z_975).toBe(abReferences.z.q975);
  });

  it("two rates: the unpooled Wald interval of b − a matches confint_proportions_2indep(method='wald')", () => {
    for (const c of abReferences.rate_intervals) {
      const ci = rateDifferenceInterval(c.ka, c.na, c.kb, c.nb)!;
      expect(ci.low, JSON.stringify(c)).toBeCloseTo(c.low, 12);
      expect(ci.high, JSON.stringify(c)).toBeCloseTo(c.high, 12);
      expect(ci.level).toBe(0.95);
    }
  });

  it("two means: Welch's t interval of b − a matches CompareMeans.tconfint_diff(usevar='unequal')", () => {
    for (const c of abReferences.mean_intervals) {
      const ci = meanDifferenceInterval(sideOf(c.a), sideOf(c.b))!;
      expect(ci.low, c.name).toBeCloseTo(c.low, 9);
      expect(ci.high, c.name).toBeCloseTo(c.high, 9);
    }
  });

  it('has no interval where a side is empty or nothing varies', () => {
    expect(rateDifferenceInterval(0, 0, 3, 10)).toBeNull();
    expect(rateDifferenceInterval(0, 10, 0, 12)).toBeNull();
    expect(meanDifferenceInterval({ count: 1, mean: 1, sampleVariance: 0 }, sideOf([1, 2]))).toBeNull();
    expect(meanDifferenceInterval(sideOf([2, 2]), sideOf([2, 2, 2]))).toBeNull();
  });
});
