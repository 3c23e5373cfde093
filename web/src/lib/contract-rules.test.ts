import { describe, expect, it } from 'vitest';
import type { Contract } from '../api/contract-types.ts';
import { columnRuleViews, datasetRuleViews, describeRange, formatShare } from './contract-rules.ts';

const contract: Contract = {
  format: 'ballast.contract/v1',
  defaults: { severity: 'warn' },
  columns: {
    age: { type: 'integer', min: 18, max: 100, nullable: false, on_violation: 'reject' },
    income: { type: 'number', min: 0, max: 5_000_000, missing_max: 0.05, mostly: 0.99, on_violation: 'flag', severity: 'error' },
    purpose: { type: 'category', values: ['car', 'home'] },
    email: { type: 'string', pattern: '^[^@]+@[^@]+$', unique: true, mostly: 1, description: 'contact' },
  },
};

describe('columnRuleViews', () => {
  it("reads every column's rules in the contract's order, with the defaults filled in and marked as inherited", () => {
    const [age, income, purpose, email] = columnRuleViews(contract);
    expect(age).toMatchObject({
      column: 'age',
      type: 'integer',
      nullable: false,
      range: '18 – 100',
      severity: 'warn',
      severityInherited: true,
      onViolation: 'reject',
      onViolationInherited: false,
    });
    expect(income).toMatchObject({
      range: '0 – 5000000',
      missingMax: '5%',
      mostly: '99%',
      severity: 'error',
      severityInherited: false,
      onViolation: 'flag',
    });
    expect(purpose).toMatchObject({
      nullable: true,
      range: undefined,
      values: ['car', 'home'],
      onViolation: 'reject',
      onViolationInherited: true,
    });
    expect(email).toMatchObject({ pattern: '^[^@]+@[^@]+$', unique: true, mostly: undefined, description: 'contact' });
  });

  it('falls back to the format defaults (error, reject) without contract defaults', () => {
    const [view] = columnRuleViews({ format: 'ballast.contract/v1', columns: { x: { type: 'boolean' } } });
    expect(view).toMatchObject({ severity: 'error', onViolation: 'reject', unique: false, values: undefined });
  });
});

describe('describeRange', () => {
  it('names one or both bounds, exactly', () => {
    expect(describeRange(0, 1)).toBe('0 – 1');
    expect(describeRange(0.5, undefined)).toBe('≥ 0.5');
    expect(describeRange(undefined, '2025-12-31T00:00:00Z')).toBe('≤ 2025-12-31T00:00:00Z');
    expect(describeRange(undefined, undefined)).toBeUndefined();
  });
});

describe('formatShare', () => {
  it('keeps the digits a share needs', () => {
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.05)).toBe('5%');
    expect(formatShare(0.125)).toBe('12.5%');
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(0.0025)).toBe('0.25%');
    expect(formatShare(0.00005)).toBe('0.005%');
  });
});

describe('datasetRuleViews', () => {
  it('lists only the rules the contract states', () => {
    expect(datasetRuleViews(undefined)).toEqual([]);
    expect(datasetRuleViews({})).toEqual([]);
    expect(
      datasetRuleViews({
        row_count: { min: 10_000 },
        duplicate_rows_max: 0.01,
        label: { column: 'default', min_minority_share: 0.1 },
        freshness: { column: 'event_time', max_delay: '2d' },
        allow_extra_columns: false,
      }),
    ).toEqual([
      ['Row count', '≥ 10,000'],
      ['Duplicate rows', 'at most 1% of rows'],
      ['Label balance', 'column default, minority class at least 10%'],
      ['Freshness', 'newest event_time at most 2d old'],
      ['Extra columns', 'not allowed: every column must be listed'],
    ]);
  });
});
