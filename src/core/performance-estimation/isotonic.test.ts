import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitIsotonic, predictIsotonic } from './isotonic.ts';

interface IsotonicCase {
  x: number[];
  y: number[];
  at: number[];
  predicted: number[];
}

const fixtures = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/performance-estimation/isotonic.json', import.meta.url), 'utf8'),
) as { sklearn: string; isotonic: IsotonicCase[] };

describe(`isotonic regression against scikit-learn ${fixtures.sklearn} IsotonicRegression(out_of_bounds='clip')`, () => {
  for (const [i, c] of fixtures.isotonic.entries()) {
    it(`case ${i}: ${c.x.length} points, predicted within 1e-9 (in range, at the data, and clipped outside)`, () => {
      const fit = fitIsotonic(c.x, c.y);
      c.at.forEach((x, j) => expect(Math.abs(predictIsotonic(fit, x) - c.predicted[j]!)).toBeLessThan(1e-9));
    });
  }

  it('pools violators into their weighted mean', () => {
    const fit = fitIsotonic([1, 2, 3], [1, 0, 0.5]);
    expect(Array.from(fit.y)).toEqual([0.5, 0.5, 0.5]);
  });

  it('merges equal x into one point with the mean of their y', () => {
    const fit = fitIsotonic([0, 0, 1], [0, 1, 1]);
    expect(Array.from(fit.x)).toEqual([0, 1]);
    expect(predictIsotonic(fit, 0)).toBe(0.5);
    expect(predictIsotonic(fit, 0.5)).toBe(0.75);
  });
});
