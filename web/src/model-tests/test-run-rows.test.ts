import { describe, expect, it } from 'vitest';
import type { TestCheck, TestRun } from '../api/model-tests-client.ts';
import { boundLabel, groupTable, runSummary, valueRows } from './test-run-rows.ts';

const fairness: TestCheck = {
  name: 'fair-by-sex',
  type: 'fairness',
  severity: 'error',
  passed: false,
  values: { demographic_parity_difference: 0.12, equalized_odds_ratio: null },
  bounds: { demographic_parity_difference: { max: 0.05 } },
  intervals: { demographic_parity_difference: [0.09, 0.15] },
  by_group: { F: { selection_rate: 0.31, count: 2400 }, M: { selection_rate: 0.43, true_positive_rate: 0.8 } },
  message: 'too far apart',
};

describe('test run rows', () => {
  it('summarises a run: failed error checks fail it, warnings are counted apart', () => {
    const warning: TestCheck = { ...fairness, name: 'w', severity: 'warning' };
    const passing: TestCheck = { ...fairness, name: 'p', passed: true };
    const run = { passed: false, checks: [fairness, warning, passing] } as unknown as TestRun;
    expect(runSummary(run)).toEqual({ verdict: 'failed', text: '1/3 passed, 1 failed, 1 warning' });
    expect(runSummary({ ...run, passed: true, checks: [passing] })).toEqual({ verdict: 'passed', text: '1/1 passed' });
  });

  it('shows each value with its bound and interval, a missing value as a dash', () => {
    expect(valueRows(fairness)).toEqual([
      { name: 'demographic_parity_difference', value: '0.12', bound: '≤ 0.05', interval: '0.09 – 0.15' },
      { name: 'equalized_odds_ratio', value: '–', bound: '', interval: '' },
    ]);
    expect([boundLabel({ min: 0.8 }), boundLabel({ min: 0, max: 1 })]).toEqual(['≥ 0.8', '0 – 1']);
  });

  it('lays out the groups of a fairness check with every metric any group has', () => {
    expect(groupTable(fairness)).toEqual({
      metrics: ['selection_rate', 'count', 'true_positive_rate'],
      rows: [
        { group: 'F', cells: ['0.31', '2,400', '–'] },
        { group: 'M', cells: ['0.43', '–', '0.8'] },
      ],
    });
    expect(groupTable({ ...fairness, by_group: undefined })).toBeUndefined();
  });
});
