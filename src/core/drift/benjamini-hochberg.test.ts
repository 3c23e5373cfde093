import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { benjaminiHochberg } from './benjamini-hochberg.ts';
import { closeTo, loadDriftFixtures } from '../../../test/fixtures/drift/drift-fixtures.ts';

const fixtures = loadDriftFixtures();

describe('benjaminiHochberg against scipy.stats.false_discovery_control', () => {
  for (const [i, c] of fixtures.benjaminiHochberg.entries()) {
    it(`case ${i}: ${c.pValues.length} p-values`, () => {
      const adjusted = benjaminiHochberg(c.pValues);
      expect(adjusted.length).toBe(c.adjusted.length);
      adjusted.forEach((p, j) => expect(closeTo(p, c.adjusted[j]!, 1e-12)).toBe(true));
    });
  }

  it('keeps the order, never lowers a p-value, and keeps the ranks', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }), (ps) => {
        const adjusted = benjaminiHochberg(ps);
        expect(adjusted.length).toBe(ps.length);
        ps.forEach((p, i) => {
          expect(adjusted[i]!).toBeGreaterThanOrEqual(p);
          expect(adjusted[i]!).toBeLessThanOrEqual(1);
          ps.forEach((q, j) => {
            if (p <= q) expect(adjusted[i]!).toBeLessThanOrEqual(adjusted[j]!);
          });
        });
      }),
    );
  });

  it('rejects values outside [0, 1]', () => {
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([0.1, Number.NaN])).toThrow(RangeError);
    expect(() => benjaminiHochberg([1.5])).toThrow(RangeError);
  });
});
