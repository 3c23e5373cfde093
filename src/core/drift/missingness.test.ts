import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closeTo } from '../../../test/fixtures/drift/drift-fixtures.ts';
import { missingnessTest } from './missingness.ts';

interface Case {
  missingReference: number;
  rowsReference: number;
  missingCurrent: number;
  rowsCurrent: number;
  z: number;
  pValue: number;
}
const fixtures = JSON.parse(readFileSync(new URL('../../../test/fixtures/drift/missingness-fixtures.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

describe('missingnessTest against scipy (make_missingness_fixtures.py)', () => {
  for (const c of fixtures.cases) {
    it(`${c.missingReference}/${c.rowsReference} → ${c.missingCurrent}/${c.rowsCurrent}`, () => {
      const test = missingnessTest(c.missingReference, c.rowsReference, c.missingCurrent, c.rowsCurrent)!;
      expect(closeTo(test.statistic, c.z, 1e-12, 1e-15)).toBe(true);
      expect(closeTo(test.p_value_raw, c.pValue, 1e-9, 1e-300)).toBe(true);
      expect(test.change).toBeCloseTo(c.missingCurrent / c.rowsCurrent - c.missingReference / c.rowsReference, 15);
    });
  }

  it('has nothing to test without variation, and no answer without rows', () => {
    expect(missingnessTest(0, 100, 0, 200)).toMatchObject({ change: 0, statistic: 0, p_value_raw: 1 });
    expect(missingnessTest(100, 100, 200, 200)).toMatchObject({ change: 0, p_value_raw: 1 });
    expect(missingnessTest(0, 0, 3, 10)).toBeUndefined();
  });
});
