import { describe, expect, it } from 'vitest';
import { compileRowChecker } from '../contracts/row-checker.ts';
import { maskedRowChecker } from './masked-row-checker.ts';

const contract = {
  format: 'ballast.contract/v1',
  columns: { age: { type: 'integer', max: 100 }, purpose: { type: 'category', values: ['car'] } },
} as const;

describe('maskedRowChecker', () => {
  it('keeps code and column of a sensitive column’s violation and drops its value from the message', () => {
    const check = maskedRowChecker(compileRowChecker(contract), new Set(['age']));
    const violations = check({ age: 4321, purpose: 'yacht' })!;
    expect(violations.map((v) => `${v.column}:${v.code}`)).toEqual(['age:out_of_range', 'purpose:unknown_category']);
    expect(violations[0]!.message).not.toContain('4321');
    expect(violations[1]!.message).toContain('yacht');
    expect(check({ age: 30, purpose: 'car' })).toBeUndefined();
  });

  it('is the checker itself when nothing is sensitive', () => {
    const checker = compileRowChecker(contract);
    expect(maskedRowChecker(checker, new Set())).toBe(checker);
  });
});
