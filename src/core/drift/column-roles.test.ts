import { describe, expect, it } from 'vitest';
import { isTimeName, numericColumnRole, numericFactsOf } from './column-roles.ts';

function roleOf(name: string, values: number[]) {
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  return numericColumnRole(numericFactsOf(name, values, sorted));
}

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

describe('numeric column roles, decided from the reference', () => {
  it('a 0/1 label, a boolean as numbers and a 1–5 rating are categories (Evidently: at most 5 distinct values)', () => {
    expect(
      roleOf(
        'label',
        range(200).map((i) => i % 2),
      ).role,
    ).toBe('categorical');
    expect(
      roleOf(
        'rating',
        range(200).map((i) => 1 + (i % 5)),
      ).role,
    ).toBe('categorical');
    expect(
      roleOf(
        'children',
        range(200).map((i) => i % 6),
      ).role,
    ).toBe('numeric');
  });

  it('row-numbering integers are identifiers, whether in order or shuffled', () => {
    const ids = range(891);
    expect(roleOf('PassengerId', ids)).toMatchObject({ role: 'skipped', reason: expect.stringContaining('identifier') });
    const shuffled = [...ids].sort((a, b) => ((a * 7919) % 891) - ((b * 7919) % 891));
    expect(roleOf('id', shuffled)).toMatchObject({ role: 'skipped', reason: expect.stringContaining('identifier') });
  });

  it('distinct integers over a wide range (an amount in whole euros) stay numeric', () => {
    const amounts = range(500).map((i) => (i * 7919) % 100_003);
    expect(roleOf('loan_amount', amounts).role).toBe('numeric');
  });

  it('continuous values, even all distinct and sorted, stay numeric', () => {
    expect(
      roleOf(
        'income',
        range(300).map((i) => i * 1.5 + 0.25),
      ).role,
    ).toBe('numeric');
  });

  it('time-like columns are skipped: by name, or integers that never decrease down the rows', () => {
    expect(
      roleOf(
        'year',
        range(300).map((i) => 2015 + (i % 4)),
      ).role,
    ).toBe('skipped');
    expect(
      roleOf(
        'week_no',
        range(300).map((i) => Math.floor(i / 20)),
      ).role,
    ).toBe('skipped');
    expect(
      roleOf(
        'age',
        range(300).map((i) => 20 + (i % 40)),
      ).role,
    ).toBe('numeric');
  });

  it('time words are whole name parts, and durations are not points in time', () => {
    for (const name of ['year', 'model_year', 'signupDate', 'event-timestamp', 'time', 'YearBuilt']) expect(isTimeName(name)).toBe(true);
    for (const name of ['years_at_job', 'tenure_months', 'session_time', 'yearly_income', 'update']) expect(isTimeName(name)).toBe(false);
  });

  it('a column without numbers has no role to decide', () => {
    expect(roleOf('empty', [Number.NaN, Number.NaN]).role).toBe('numeric');
  });
});
