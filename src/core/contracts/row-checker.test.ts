import { describe, expect, it } from 'vitest';
import { CONTRACT_FORMAT, type Contract } from './contract-types.ts';
import { compileRowChecker } from './row-checker.ts';

const contract: Contract = {
  format: CONTRACT_FORMAT,
  defaults: { on_violation: 'reject' },
  columns: {
    age: { type: 'integer', min: 18, max: 100, nullable: false },
    income: { type: 'number', min: 0, on_violation: 'flag', severity: 'warn' },
    state: { type: 'category', values: ['CA', 'NY'] },
    zip: { type: 'string', pattern: '\\d{5}', mostly: 0.99 },
    joined: { type: 'timestamp', min: '2020-01-01' },
    member: { type: 'boolean', nullable: false },
  },
};
const clean = { age: 40, income: 52_000.5, state: 'CA', zip: '94110', joined: '2023-04-01T10:00:00Z', member: true };

describe('compileRowChecker', () => {
  const check = compileRowChecker(contract);

  it('answers undefined for a clean row', () => {
    expect(check(clean)).toBeUndefined();
    expect(check({ ...clean, income: null, state: null })).toBeUndefined();
  });

  it('lets a nullable column be absent, but not a non-nullable one', () => {
    const { income: _income, zip: _zip, joined: _joined, ...withoutNullables } = clean;
    expect(check(withoutNullables)).toBeUndefined();
    const { age: _age, ...withoutAge } = clean;
    expect(check(withoutAge)).toEqual([
      {
        column: 'age',
        code: 'null_not_allowed',
        severity: 'error',
        policy: 'reject',
        message: '"age" is absent; the column may not be missing',
      },
    ]);
    expect(check({ ...clean, member: null })?.map((v) => [v.code, v.message])).toEqual([
      ['null_not_allowed', '"member" is null; the column may not be missing'],
    ]);
  });

  it('lists every failing field with its code, severity and policy', () => {
    const violations = check({ age: '40', income: -5, state: 'TX', zip: 'abc', joined: '2019-12-31', member: 'yes' });
    expect(violations?.map((v) => [v.column, v.code, v.severity, v.policy])).toEqual([
      ['age', 'type_mismatch', 'error', 'reject'],
      ['income', 'out_of_range', 'warn', 'flag'],
      ['state', 'unknown_category', 'error', 'reject'],
      // mostly < 1: a single row cannot exceed the allowed share, so the violation is flagged.
      ['zip', 'pattern_mismatch', 'error', 'flag'],
      ['joined', 'out_of_range', 'error', 'reject'],
      ['member', 'type_mismatch', 'error', 'reject'],
    ]);
    expect(violations?.map((v) => v.message)).toEqual([
      '"age" must be a whole number, got "40"',
      '"income" is -5, expected at least 0',
      '"state" is "TX", expected one of "CA", "NY"',
      '"zip" is "abc", expected text matching /\\d{5}/',
      '"joined" is "2019-12-31", expected at least 2020-01-01',
      '"member" must be true or false, got "yes"',
    ]);
  });

  it('keeps the type policy of a column with mostly < 1', () => {
    expect(check({ ...clean, zip: 94110 })).toEqual([expect.objectContaining({ column: 'zip', code: 'type_mismatch', policy: 'reject' })]);
  });

  it('ignores extra keys unless the contract forbids them', () => {
    expect(check({ ...clean, extra: 1 })).toBeUndefined();
    const strict = compileRowChecker({
      ...contract,
      defaults: { severity: 'warn', on_violation: 'flag' },
      dataset: { allow_extra_columns: false },
    });
    expect(strict({ ...clean, extra: 1, other: 'x' })).toEqual([
      {
        column: 'extra',
        code: 'unexpected_column',
        severity: 'warn',
        policy: 'flag',
        message: '"extra" is not a column of the contract, which does not allow extra columns',
      },
      expect.objectContaining({ column: 'other', code: 'unexpected_column' }),
    ]);
  });

  it('does not read inherited members for columns named like them', () => {
    const odd = compileRowChecker({
      format: CONTRACT_FORMAT,
      columns: { constructor: { type: 'number' as const, nullable: false }, toString: { type: 'string' as const } },
    });
    expect(odd({ constructor: 1 })).toBeUndefined();
    expect(odd({})?.map((v) => [v.column, v.code])).toEqual([['constructor', 'null_not_allowed']]);
  });

  it('cuts long values in messages and names structures', () => {
    const violations = check({ ...clean, state: 'x'.repeat(100), age: [40] });
    expect(violations?.map((v) => v.message)).toEqual([
      '"age" must be a whole number, got an array',
      `"state" is "${'x'.repeat(40)}…", expected one of "CA", "NY"`,
    ]);
  });
});
