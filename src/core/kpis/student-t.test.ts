import { describe, expect, it } from 'vitest';
import { references } from './testing/references.ts';
import { regularisedBeta, studentTQuantile, studentTSf, studentTTwoSidedPValue } from './student-t.ts';

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);

describe("Student's t against scipy", () => {
  it('reads fixtures made by the pinned scipy', () => expect(references.scipy).toBe('1.17.1'));

  it('matches scipy.stats.t.sf on integer and fractional degrees of freedom, small tails included', () => {
    const cases = references.student_t.filter((c) => c.sf !== undefined);
    expect(cases.length).toBeGreaterThan(50);
    for (const c of cases) {
      // Large df makes log-gamma differences of huge numbers: a little accuracy is lost there.
      const tolerance = c.df >= 1e5 ? 1e-7 : 1e-9;
      expect(relative(studentTSf(c.t!, c.df), c.sf!), JSON.stringify(c)).toBeLessThan(tolerance);
      expect(Math.abs(studentTSf(-c.t!, c.df) - (1 - c.sf!))).toBeLessThan(tolerance);
      expect(relative(studentTTwoSidedPValue(c.t!, c.df), Math.min(1, 2 * c.sf!))).toBeLessThan(tolerance);
    }
  });

  it('matches scipy.stats.t.ppf', () => {
    const cases = references.student_t.filter((c) => c.ppf !== undefined);
    expect(cases.length).toBeGreaterThan(30);
    for (const c of cases) {
      expect(relative(studentTQuantile(c.q!, c.df), c.ppf!), JSON.stringify(c)).toBeLessThan(1e-9);
      expect(studentTQuantile(1 - c.q!, c.df)).toBeCloseTo(-c.ppf!, 9);
    }
  });

  it('answers NaN outside its domain, and the exact ends', () => {
    expect(studentTQuantile(0, 3)).toBeNaN();
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTSf(1, 0)).toBeNaN();
    expect(studentTSf(Infinity, 3)).toBe(0);
    expect(studentTTwoSidedPValue(Infinity, 3)).toBe(0);
    expect(regularisedBeta(0, 2, 3)).toBe(0);
    expect(regularisedBeta(1, 2, 3)).toBe(1);
    // I_x(1, 1) is x (the uniform distribution's CDF); I_x(2, 1) is x².
    expect(regularisedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularisedBeta(0.3, 2, 1)).toBeCloseTo(0.09, 14);
  });
});
