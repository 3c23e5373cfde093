import { describe, expect, it } from 'vitest';
import { Moments } from '../sketches/moments.ts';
import { references } from './testing/references.ts';
import { twoProportionZTest, welchTTest } from './two-sample-tests.ts';

const momentsOf = (values: readonly number[]) => {
  const m = new Moments();
  for (const v of values) m.add(v);
  return m;
};

describe('comparing two versions against scipy', () => {
  it("two rates: the pooled z test's p-value is scipy's chi-square test of the 2×2 table", () => {
    for (const c of references.two_proportions) {
      const test = twoProportionZTest(c.ka, c.na, c.kb, c.nb);
      expect(test.pValue!, JSON.stringify(c)).toBeCloseTo(c.p_value, 10);
      expect(Math.sign(test.statistic!)).toBe(Math.sign(c.kb / c.nb - c.ka / c.na));
    }
  });

  it("two means: Welch's t statistic, degrees of freedom and p-value match ttest_ind(equal_var=False)", () => {
    for (const c of references.welch) {
      const test = welchTTest(momentsOf(c.a), momentsOf(c.b));
      // scipy's statistic is a − b; Ballast's is b − a (the newer version against the older).
      expect(test.statistic!, c.name).toBeCloseTo(-c.statistic, 10);
      expect(test.df!, c.name).toBeCloseTo(c.df, 8);
      expect(test.pValue!, c.name).toBeCloseTo(c.p_value, 10);
    }
  });

  it('has no p-value where a side is empty, too small, or nothing varies', () => {
    expect(twoProportionZTest(0, 0, 3, 10).pValue).toBeNull();
    expect(twoProportionZTest(0, 10, 0, 12).pValue).toBeNull();
    expect(welchTTest(momentsOf([1]), momentsOf([1, 2])).pValue).toBeNull();
    expect(welchTTest(momentsOf([1, 1]), momentsOf([1, 1, 1])).pValue).toBeNull();
  });
});
