import { describe, expect, it } from 'vitest';
import fixtures from '../../../test/fixtures/slices/slice-fixtures.json' with { type: 'json' };
import { Moments } from '../sketches/moments.ts';
import { higherMeanPValue, lowerAccuracyPValue, momentsWithout } from './slice-tests.ts';

const momentsOf = (values: readonly number[]): Moments => {
  const m = new Moments();
  for (const v of values) m.add(v);
  return m;
};

describe('slice tests against scipy', () => {
  it('the one-sided two-proportion z test matches norm.cdf of the pooled z', () => {
    for (const c of fixtures.proportions)
      expect(lowerAccuracyPValue(c.slice_correct, c.slice_rows, c.rest_correct, c.rest_rows)).toBeCloseTo(c.p, 12);
  });

  it("Welch's one-sided t test matches ttest_ind(equal_var=False, alternative='greater')", () => {
    for (const c of fixtures.welch) {
      const p = higherMeanPValue(momentsOf(c.slice), momentsOf(c.rest));
      expect(Math.abs(p - c.p)).toBeLessThan(1e-10 + 1e-8 * c.p);
    }
  });

  it('takes a part out of a sample: the rest has the moments of the rest', () => {
    const { slice, rest } = fixtures.welch[0]!;
    const whole = momentsOf([...slice, ...rest]);
    const without = momentsWithout(whole, momentsOf(slice));
    const expected = momentsOf(rest);
    expect(without.count).toBe(expected.count);
    expect(without.mean).toBeCloseTo(expected.mean, 12);
    expect(without.m2 / expected.m2).toBeCloseTo(1, 10);
  });

  it('calls nothing worse where nothing can differ or a side is too small', () => {
    expect(lowerAccuracyPValue(30, 30, 100, 100)).toBe(1);
    expect(lowerAccuracyPValue(0, 0, 10, 100)).toBe(1);
    expect(higherMeanPValue({ count: 1, mean: 9, m2: 0 }, { count: 50, mean: 1, m2: 3 })).toBe(1);
  });
});
