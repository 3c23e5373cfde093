import { describe, expect, it } from 'vitest';
import type { ReportIssue } from '../api/contract-types.ts';
import { groupIssues, ruleName, summarizeReport } from './validation-report.ts';

const issue = (code: string, column: string | null, severity: 'error' | 'warn'): ReportIssue => ({
  code,
  column,
  severity,
  count: 1,
  share: 0.1,
  examples: [],
  message: code,
});

describe('summarizeReport', () => {
  it('passes a report without issues', () => {
    expect(summarizeReport({ passed: true, rows: 20_000, issues: [] })).toMatchObject({
      verdict: 'passed',
      headline: 'Passed',
      errors: 0,
      warnings: 0,
      columnsAffected: 0,
    });
  });

  it('passes with warnings when only warn rules fail', () => {
    const summary = summarizeReport({
      passed: true,
      rows: 10,
      issues: [issue('missing_share', 'income', 'warn'), issue('duplicate_rows', null, 'warn')],
    });
    expect(summary).toMatchObject({ verdict: 'warnings', headline: 'Passed with warnings', warnings: 2, columnsAffected: 1 });
  });

  it('fails with the number of error rules that fail', () => {
    const summary = summarizeReport({
      passed: false,
      rows: 10,
      issues: [
        issue('out_of_range', 'age', 'error'),
        issue('null_not_allowed', 'age', 'error'),
        issue('unknown_category', 'purpose', 'warn'),
      ],
    });
    expect(summary).toMatchObject({ verdict: 'failed', errors: 2, warnings: 1, columnsAffected: 2 });
    expect(summary.explanation).toBe('2 error-severity rules fail; the data does not meet the contract.');
    expect(summarizeReport({ passed: false, rows: 1, issues: [issue('row_count', null, 'error')] }).explanation).toMatch(
      /^1 error-severity rule fails;/,
    );
  });
});

describe('groupIssues', () => {
  it('puts dataset-wide issues first, then columns in the order they first appear, with the worst severity', () => {
    const groups = groupIssues([
      issue('out_of_range', 'income', 'warn'),
      issue('null_not_allowed', 'age', 'error'),
      issue('row_count', null, 'error'),
      issue('missing_share', 'income', 'error'),
    ]);
    expect(groups.map((g) => [g.column, g.worst, g.issues.map((i) => i.code)])).toEqual([
      [null, 'error', ['row_count']],
      ['income', 'error', ['out_of_range', 'missing_share']],
      ['age', 'error', ['null_not_allowed']],
    ]);
    expect(groupIssues([issue('pattern_mismatch', 'email', 'warn')])[0]?.worst).toBe('warn');
  });
});

describe('ruleName', () => {
  it('names known codes and shows unknown ones as they are', () => {
    expect(ruleName('unknown_category')).toBe('Unknown category');
    expect(ruleName('stale_data')).toBe('Stale data');
    expect(ruleName('some_new_code')).toBe('some_new_code');
  });
});
