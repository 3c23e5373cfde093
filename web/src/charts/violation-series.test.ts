import { describe, expect, it } from 'vitest';
import type { ViolationWindow } from '../api/contract-types.ts';
import {
  bucketLabel,
  policyTotals,
  rangePresets,
  stackCounts,
  violationChartData,
  violationRange,
  violationTotals,
} from './violation-series.ts';

const hour = rangePresets.find((p) => p.id === '1h')!;
const day = rangePresets.find((p) => p.id === '24h')!;

const window = (windowStart: string, column: string, code: string, policy: 'reject' | 'flag', count: number): ViolationWindow => ({
  window_start: windowStart,
  column,
  code,
  policy,
  count,
});

describe('violationRange', () => {
  it('ends after the current minute, on a bucket boundary, and spans the preset', () => {
    const now = Date.parse('2025-03-01T14:02:11.500Z');
    expect(violationRange(now, hour)).toEqual({ from: '2025-03-01T13:03:00.000Z', to: '2025-03-01T14:03:00.000Z', bucketSeconds: 60 });
    expect(violationRange(now, day)).toEqual({ from: '2025-02-28T14:15:00.000Z', to: '2025-03-01T14:15:00.000Z', bucketSeconds: 900 });
  });

  it('includes a minute that has just begun', () => {
    expect(violationRange(Date.parse('2025-03-01T14:02:00.000Z'), hour).to).toBe('2025-03-01T14:03:00.000Z');
  });
});

describe('violationChartData', () => {
  const range = { from: '2025-03-01T14:00:00.000Z', to: '2025-03-01T14:05:00.000Z', bucketSeconds: 60 };
  const start = Date.parse(range.from) / 1000;

  it('makes a dense series per column and policy, zero where nothing broke, rejects first', () => {
    const data = violationChartData(
      [
        window('2025-03-01T14:01:00.000Z', 'purpose', 'unknown_category', 'flag', 2),
        window('2025-03-01T14:01:00.000Z', 'age', 'out_of_range', 'reject', 1),
        window('2025-03-01T14:01:00.000Z', 'age', 'null_not_allowed', 'reject', 3),
        window('2025-03-01T14:03:00.000Z', 'income', 'out_of_range', 'flag', 1),
        window('2025-03-01T14:04:00.000Z', 'purpose', 'unknown_category', 'flag', 5),
      ],
      range,
    );
    expect(data.times).toEqual([0, 1, 2, 3, 4].map((m) => start + 60 * m));
    expect(data.series).toEqual([
      { column: 'age', policy: 'reject', counts: [0, 4, 0, 0, 0], total: 4 },
      { column: 'income', policy: 'flag', counts: [0, 0, 0, 1, 0], total: 1 },
      { column: 'purpose', policy: 'flag', counts: [0, 2, 0, 0, 5], total: 7 },
    ]);
  });

  it('sums minutes into coarser buckets and drops windows outside the range', () => {
    const data = violationChartData(
      [
        window('2025-03-01T13:59:00.000Z', 'age', 'out_of_range', 'reject', 9),
        window('2025-03-01T14:00:00.000Z', 'age', 'out_of_range', 'reject', 1),
        window('2025-03-01T14:04:00.000Z', 'age', 'out_of_range', 'reject', 2),
        window('2025-03-01T14:05:00.000Z', 'age', 'out_of_range', 'reject', 9),
        window('not a time', 'age', 'out_of_range', 'reject', 9),
      ],
      { ...range, bucketSeconds: 300 },
    );
    expect(data.times).toEqual([start]);
    expect(data.series).toEqual([{ column: 'age', policy: 'reject', counts: [3], total: 3 }]);
  });

  it('has buckets but no series when nothing broke', () => {
    expect(violationChartData([], range)).toEqual({ times: [0, 1, 2, 3, 4].map((m) => start + 60 * m), end: start + 300, series: [] });
  });
});

describe('stackCounts', () => {
  it('adds each series onto the ones before it', () => {
    expect(
      stackCounts([
        { column: 'age', policy: 'reject', counts: [0, 4, 1], total: 5 },
        { column: 'income', policy: 'flag', counts: [2, 0, 1], total: 3 },
        { column: 'purpose', policy: 'flag', counts: [0, 1, 0], total: 1 },
      ]),
    ).toEqual([
      [0, 4, 1],
      [2, 4, 2],
      [2, 5, 2],
    ]);
    expect(stackCounts([])).toEqual([]);
  });
});

describe('violationTotals', () => {
  it('totals each column, code and policy with the minute it was last seen, most frequent first', () => {
    const windows = [
      window('2025-03-01T14:01:00.000Z', 'purpose', 'unknown_category', 'flag', 2),
      window('2025-03-01T14:01:00.000Z', 'age', 'out_of_range', 'reject', 1),
      window('2025-03-01T14:03:00.000Z', 'purpose', 'unknown_category', 'flag', 3),
      window('2025-03-01T14:02:00.000Z', 'age', 'out_of_range', 'reject', 1),
      window('2025-03-01T14:02:00.000Z', 'income', 'out_of_range', 'flag', 2),
    ];
    expect(violationTotals(windows)).toEqual([
      { column: 'purpose', code: 'unknown_category', policy: 'flag', count: 5, lastSeen: '2025-03-01T14:03:00.000Z' },
      { column: 'age', code: 'out_of_range', policy: 'reject', count: 2, lastSeen: '2025-03-01T14:02:00.000Z' },
      { column: 'income', code: 'out_of_range', policy: 'flag', count: 2, lastSeen: '2025-03-01T14:02:00.000Z' },
    ]);
    expect(policyTotals(windows)).toEqual({ reject: 2, flag: 7 });
  });
});

describe('bucketLabel', () => {
  it('names the bucket in words', () => {
    expect(rangePresets.map((p) => bucketLabel(p.bucketSeconds))).toEqual(['per minute', 'per 5 minutes', 'per 15 minutes', 'per 2 hours']);
    expect(bucketLabel(3_600)).toBe('per hour');
  });
});
