import { describe, expect, it } from 'vitest';
import fixtures from '../../../test/fixtures/slices/slice-fixtures.json' with { type: 'json' };
import { studentTSf } from './student-t.ts';

describe('studentTSf', () => {
  it('matches scipy.stats.t.sf for whole and fractional degrees of freedom, on both sides of 0', () => {
    for (const c of fixtures.t_sf) expect(Math.abs(studentTSf(c.t, c.df) - c.p)).toBeLessThan(1e-13 + 1e-10 * c.p);
  });

  it('is 0 and 1 at the infinities and NaN without degrees of freedom', () => {
    expect(studentTSf(Infinity, 3)).toBe(0);
    expect(studentTSf(-Infinity, 3)).toBe(1);
    expect(studentTSf(1, 0)).toBeNaN();
  });
});
