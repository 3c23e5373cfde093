import { describe, expect, it } from 'vitest';
import { BallastError } from './errors.ts';
import { formatIssue, formatPath, IssueCollector, issuesError, MAX_ISSUES, summarizeIssues } from './issues.ts';

describe('formatPath', () => {
  it('names a place as code would, numbers in brackets', () => {
    expect(formatPath(['inputs', 0, 'data', 3])).toBe('inputs[0].data[3]');
    expect(formatPath([2, 'income'])).toBe('[2].income');
    expect(formatPath(['columns', 'age', 'min'])).toBe('columns.age.min');
    expect(formatPath([])).toBe('');
  });
});

describe('summarizeIssues', () => {
  it('names the first issue with its path and counts the rest, without repeating the code', () => {
    const issues = [
      { code: 'invalid_type', path: ['instances', 0, 'age'], message: 'must be a finite number or null, got "x"' },
      { code: 'missing', path: ['instances', 1, 'age'], message: 'is missing' },
    ] as const;
    expect(summarizeIssues('invalid instances', issues)).toBe(
      'invalid instances: instances[0].age: must be a finite number or null, got "x" (and 1 more problem)',
    );
    expect(summarizeIssues('invalid instances', issues, 7)).toMatch(/\(and 6 more problems\)$/);
    expect(summarizeIssues('bad.yaml is not a valid contract', [{ code: 'invalid_format', path: [], message: 'is not valid JSON' }])).toBe(
      'bad.yaml is not a valid contract: is not valid JSON',
    );
  });
});

describe('IssueCollector', () => {
  it('keeps the first MAX_ISSUES issues, counts them all, and throws one error with every kept issue', () => {
    const issues = new IssueCollector();
    expect(() => issues.throwIfAny('invalid_request', 'invalid request')).not.toThrow();
    for (let i = 0; i < MAX_ISSUES + 10; i++) issues.report('invalid_value', ['rows', i], 'is bad');
    expect(issues.count).toBe(MAX_ISSUES + 10);
    expect(issues.issues).toHaveLength(MAX_ISSUES);
    let thrown: unknown;
    try {
      issues.throwIfAny('invalid_request', 'invalid request');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BallastError);
    expect(thrown).toMatchObject({
      code: 'invalid_request',
      message: `invalid request: rows[0]: is bad (and ${MAX_ISSUES + 9} more problems)`,
    });
    expect((thrown as BallastError).issues[0]).toEqual({ code: 'invalid_value', path: ['rows', 0], message: 'is bad' });
    expect((thrown as BallastError).issues).toHaveLength(MAX_ISSUES);
  });
});

describe('issuesError', () => {
  it('caps the issues it carries as the collector does', () => {
    const many = Array.from({ length: MAX_ISSUES * 2 }, (_, i) => ({
      code: 'out_of_range' as const,
      path: ['instances', i, 'age'],
      message: 'is above max 120',
    }));
    const error = issuesError('contract_violation', "the request breaks the deployment's contract", many);
    expect(error.issues).toHaveLength(MAX_ISSUES);
    expect(error.message).toBe(
      `the request breaks the deployment's contract: instances[0].age: is above max 120 (and ${MAX_ISSUES * 2 - 1} more problems)`,
    );
  });
});

describe('formatIssue', () => {
  it('puts the path before the message, or the message alone', () => {
    expect(formatIssue({ code: 'missing', path: ['inputs', 0, 'name'], message: 'is required' })).toBe('inputs[0].name: is required');
    expect(formatIssue({ code: 'invalid_format', path: [], message: 'is not valid JSON' })).toBe('is not valid JSON');
  });
});
