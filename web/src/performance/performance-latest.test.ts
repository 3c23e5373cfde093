import { describe, expect, it } from 'vitest';
import type { Calibration, KpiComparison, WindowKpi, WorstSlice } from '../api/performance-types.ts';
import {
  comparisonVerdict,
  hasKpis,
  kpisByVersion,
  labelCoverage,
  latencyPoints,
  latestCalibration,
  latestSlices,
  MIN_LABELLED_FOR_DETAIL,
} from './performance-latest.ts';
import { perfWindow, performance, t } from './testing/performance-fixtures.ts';

const v2 = { name: 'credit', version: 2 };
const calibration = (ece: number): Calibration => ({
  expected_calibration_error: ece,
  maximum_calibration_error: 0.1,
  points: [{ bin_start: 0, bin_end: 0.1, mean_score: 0.05, observed_rate: 0.06, count: 10 }],
});
const slice = (column: string, value: number, p: number): WorstSlice => ({
  column,
  slice: 'x',
  rows: 50,
  labelled_rows: 40,
  metric: 'accuracy',
  value,
  overall: 0.9,
  p_value: p,
});
const kpi = (value: number): WindowKpi => ({
  name: 'conversion_rate',
  event: 'conversion',
  aggregate: 'rate',
  value,
  count: 100,
  lower: value - 0.05,
  upper: value + 0.05,
});

describe('latestCalibration', () => {
  it('takes the newest window of the version with reliability points', () => {
    const windows = [
      perfWindow(0, { calibration: calibration(0.01) }),
      perfWindow(2, { calibration: calibration(0.02) }),
      perfWindow(3, { calibration: { ...calibration(0.03), points: [] } }),
      perfWindow(4),
      perfWindow(5, { model: v2, calibration: calibration(0.05) }),
    ];
    const latest = latestCalibration(windows, 'credit:1');
    expect(latest?.window.start).toBe(t(2));
    expect(latest?.calibration.expected_calibration_error).toBe(0.02);
    expect(latestCalibration([perfWindow(0)], 'credit:1')).toBeUndefined();
  });

  it('prefers the newest window with enough labels over a newer one with a few, else the best labelled', () => {
    const windows = [
      perfWindow(1, { labelled_rows: 400, calibration: calibration(0.01) }),
      perfWindow(2, { labelled_rows: MIN_LABELLED_FOR_DETAIL, calibration: calibration(0.02) }),
      perfWindow(3, { labelled_rows: 12, calibration: calibration(0.03) }),
    ];
    expect(latestCalibration(windows, 'credit:1')?.window.start).toBe(t(2));
    const few = [
      perfWindow(1, { labelled_rows: 40, calibration: calibration(0.01) }),
      perfWindow(3, { labelled_rows: 12, calibration: calibration(0.03) }),
    ];
    expect(latestCalibration(few, 'credit:1')?.window.start).toBe(t(1));
  });
});

describe('latestSlices', () => {
  it('lists the worst slices of the newest labelled window, the most significant first', () => {
    const windows = [
      perfWindow(0, { labelled_rows: 10, slices: { worst: [slice('old', 0.1, 0.001)] } }),
      perfWindow(1, {
        labelled_rows: 10,
        slices: { worst: [slice('age', 0.8, 0.02), slice('purpose', 0.7, 0.001), slice('income', 0.6, 0.02)] },
      }),
      perfWindow(2, { labelled_rows: 0, slices: { worst: [] } }),
    ];
    const state = latestSlices(windows, 'credit:1');
    expect(state.kind).toBe('worst');
    if (state.kind !== 'worst') return;
    expect(state.window.start).toBe(t(1));
    // Ties on p broken by how far below overall the slice is.
    expect(state.slices.map((s) => s.column)).toEqual(['purpose', 'income', 'age']);
  });

  it('tells a labelled window where no slice is worse from a range without labels', () => {
    expect(latestSlices([perfWindow(0, { labelled_rows: 5, slices: { worst: [] } })], 'credit:1')).toMatchObject({
      kind: 'none-worse',
      reason: undefined,
    });
    const notCompared = { worst: [], reason: 'the version has no reference to bin numeric columns by' };
    expect(latestSlices([perfWindow(0, { labelled_rows: 5, slices: notCompared })], 'credit:1')).toMatchObject({
      kind: 'none-worse',
      reason: notCompared.reason,
    });
    expect(latestSlices([perfWindow(0, { labelled_rows: 0, slices: { worst: [] } })], 'credit:1')).toEqual({ kind: 'no-labels' });
    expect(latestSlices([perfWindow(0, { labelled_rows: 5, slices: null })], 'credit:1')).toEqual({ kind: 'no-labels' });
  });
});

describe('KPIs', () => {
  it('gives each version its KPIs of its newest window that has any', () => {
    const windows = [
      perfWindow(0, { kpis: [kpi(0.1)] }),
      perfWindow(1, { kpis: [kpi(0.12)] }),
      perfWindow(2),
      perfWindow(2, { model: v2 }),
    ];
    const byVersion = kpisByVersion(windows);
    expect(byVersion.map((v) => [v.model.version, v.window?.start, v.kpis.map((k) => k.value)])).toEqual([
      [2, undefined, []],
      [1, t(1), [0.12]],
    ]);
    expect(hasKpis(performance(windows))).toBe(true);
    expect(hasKpis(performance([perfWindow(0)]))).toBe(false);
  });

  it('says in words what the comparison found at 5%', () => {
    const comparison = (difference: number | null, p: number | null): KpiComparison => ({
      name: 'conversion_rate',
      a: { model: { name: 'credit', version: 1 }, value: 0.12, count: 5000 },
      b: { model: v2, value: 0.14, count: 4800 },
      difference,
      p_value: p,
      test: 'two_proportion_z',
    });
    expect(comparisonVerdict(comparison(0.02, 0.003))).toBe('credit:2 higher');
    expect(comparisonVerdict(comparison(-0.02, 0.049))).toBe('credit:2 lower');
    expect(comparisonVerdict(comparison(0.02, 0.05))).toBe('no significant difference');
    expect(comparisonVerdict(comparison(null, null))).toBe('not enough data to compare');
  });
});

describe('latencyPoints and labelCoverage', () => {
  const windows = [
    perfWindow(2, { rows: 30, labelled_rows: 3, latency: { p50_ms: 2, p95_ms: 5, p99_ms: 9, errors: 1 } }),
    perfWindow(0, { rows: 10, labelled_rows: 10, latency: { p50_ms: 1, p95_ms: 4, p99_ms: 8, errors: 0 } }),
    perfWindow(1, { rows: 20, labelled_rows: 0 }),
    perfWindow(1, { model: v2, rows: 5, labelled_rows: 5, latency: { p50_ms: 9, p95_ms: 9, p99_ms: 9, errors: 0 } }),
  ];

  it('gives the latency of the version per window with one, oldest first', () => {
    const start = Date.parse(t(0)) / 1000;
    expect(latencyPoints(windows, 'credit:1')).toEqual({
      times: [start, start + 120],
      p50: [1, 2],
      p95: [4, 5],
      p99: [8, 9],
      errors: [0, 1],
    });
  });

  it('counts rows and labelled rows of the version over the range', () => {
    expect(labelCoverage(windows, 'credit:1')).toEqual({ rows: 60, labelledRows: 13 });
    expect(labelCoverage(windows, 'credit:3')).toEqual({ rows: 0, labelledRows: 0 });
  });
});
