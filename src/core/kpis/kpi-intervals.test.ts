import { describe, expect, it } from 'vitest';
import { Moments } from '../sketches/moments.ts';
import { meanEstimate, perPredictionSums, rateEstimate, sumEstimate } from './kpi-intervals.ts';
import { references } from './testing/references.ts';

const momentsOf = (values: readonly number[]) => {
  const m = new Moments();
  for (const v of values) m.add(v);
  return m;
};

describe('KPI intervals against scipy', () => {
  it("a rate's Wilson interval matches binomtest(k, n).proportion_ci(method='wilson')", () => {
    for (const c of references.wilson) {
      const estimate = rateEstimate(c.k, c.n);
      expect(estimate.value).toBe(c.k / c.n);
      expect(estimate.count).toBe(c.n);
      expect(estimate.lower!, JSON.stringify(c)).toBeCloseTo(c.lower, 12);
      expect(estimate.upper!, JSON.stringify(c)).toBeCloseTo(c.upper, 12);
    }
  });

  it("a mean's t interval matches scipy.stats.t.interval on the standard error of the mean", () => {
    for (const c of references.mean) {
      const estimate = meanEstimate(momentsOf(c.values));
      expect(estimate.count).toBe(c.values.length);
      expect(estimate.value!).toBeCloseTo(c.mean, 9);
      expect(estimate.lower!, c.name).toBeCloseTo(c.lower, 9);
      expect(estimate.upper!, c.name).toBeCloseTo(c.upper, 9);
    }
  });

  it("a sum's interval is the normal interval of n × the mean per logged prediction, zeros included", () => {
    for (const c of references.sum) {
      const estimate = sumEstimate(c.n, momentsOf(c.sums));
      expect(estimate.count).toBe(c.n);
      expect(estimate.value!).toBeCloseTo(c.total, 9);
      expect(estimate.lower!, c.name).toBeCloseTo(c.lower, 8);
      expect(estimate.upper!, c.name).toBeCloseTo(c.upper, 8);
    }
    const all = perPredictionSums(4, momentsOf([2, 6]));
    expect([all.count, all.mean, all.sampleVariance]).toEqual([4, 2, 8]);
  });

  it('says when there is nothing to measure or nothing to bound', () => {
    expect(rateEstimate(0, 0)).toEqual({ value: null, count: 0, lower: null, upper: null });
    expect(meanEstimate(new Moments())).toEqual({ value: null, count: 0, lower: null, upper: null });
    expect(meanEstimate(momentsOf([4]))).toEqual({ value: 4, count: 1, lower: null, upper: null });
    expect(sumEstimate(0, new Moments())).toEqual({ value: null, count: 0, lower: null, upper: null });
    expect(sumEstimate(1, momentsOf([3]))).toEqual({ value: 3, count: 1, lower: null, upper: null });
    // No event at all: the total is 0 and so is its spread.
    expect(sumEstimate(10, new Moments())).toEqual({ value: 0, count: 10, lower: 0, upper: 0 });
    expect(rateEstimate(0, 5).lower).toBe(0);
    expect(rateEstimate(5, 5).upper).toBe(1);
  });
});
