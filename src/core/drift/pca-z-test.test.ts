import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { twoSidedNormalPValue, welchZTestPValue } from './pca-z-test.ts';

const fixtures = JSON.parse(readFileSync(new URL('../../../test/fixtures/pca/normal-tail.json', import.meta.url), 'utf8')) as {
  cases: { z: number; twoSidedP: number }[];
};

describe('twoSidedNormalPValue against scipy (2 * norm.sf)', () => {
  for (const { z, twoSidedP } of fixtures.cases) {
    it(`z = ${z}`, () => {
      const p = twoSidedNormalPValue(z);
      expect(Math.abs(p - twoSidedP)).toBeLessThanOrEqual(1e-12 * twoSidedP);
      expect(twoSidedNormalPValue(-z)).toBe(p);
    });
  }

  it('is 1 for NaN (no evidence) and 0 at infinity', () => {
    expect(twoSidedNormalPValue(NaN)).toBe(1);
    expect(twoSidedNormalPValue(Infinity)).toBe(0);
    expect(twoSidedNormalPValue(-Infinity)).toBe(0);
  });

  it('falls as |z| grows, within [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        const pLow = twoSidedNormalPValue(low);
        const pHigh = twoSidedNormalPValue(high);
        expect(pHigh).toBeLessThanOrEqual(pLow);
        expect(pHigh).toBeGreaterThanOrEqual(0);
        expect(pLow).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('welchZTestPValue', () => {
  it('divides the difference by the combined standard error', () => {
    // z = 1.96 / sqrt(0.5 + 0.5)
    expect(welchZTestPValue(1.96, 0.5, 0, 0.5)).toBeCloseTo(twoSidedNormalPValue(1.96), 15);
  });
  it('is 1 for equal means and 0 for different means with no spread', () => {
    expect(welchZTestPValue(2, 0, 2, 0)).toBe(1);
    expect(welchZTestPValue(2, 0, 3, 0)).toBe(0);
  });
});
