import { describe, expect, it } from 'vitest';
import { effectiveSensitiveColumns, type SensitiveMark } from './sensitive-marks.ts';

const mark = (column: string, kind: SensitiveMark['kind']): SensitiveMark => ({
  versionId: 'v',
  column,
  kind,
  markedBy: 'ana',
  markedAt: 't',
});

describe('effectiveSensitiveColumns', () => {
  it("is the union of hand marks and the contract's flags, sorted by column, a mark deciding a column in both", () => {
    const columns = effectiveSensitiveColumns([mark('age', 'sensitive'), mark('email', 'sensitive')], {
      email: { pii: true },
      name: { sensitive: true, pii: true },
      income: {},
      zip: { sensitive: false },
    });
    expect(columns).toEqual([
      { column: 'age', kind: 'sensitive', source: 'mark' },
      { column: 'email', kind: 'sensitive', source: 'mark' },
      { column: 'name', kind: 'pii', source: 'contract' },
    ]);
  });

  it('is empty for a version with neither marks nor a contract', () => {
    expect(effectiveSensitiveColumns([], undefined)).toEqual([]);
  });
});
