import { describe, expect, it } from 'vitest';
import { perWindow, qualityRows, qualitySummary, sparkBars } from './quality-series.ts';
import { monitoring, numericColumn, qualityColumn, report, window } from './monitoring-fixtures.ts';
import { columnDriftSeries } from './drift-series.ts';

const t = (minute: number) => `2026-11-25T10:0${minute}:00.000Z`;

const windows = [
  window(t(0), null, {
    rows: 40,
    quality: {
      rows: 40,
      columns: [qualityColumn('income', 0.05, 0.025), qualityColumn('purpose', 0.1, null, ['yacht'])],
      violations: [
        { column: 'income', code: 'out_of_range', policy: 'flag', count: 1 },
        { column: 'purpose', code: 'unknown_category', policy: 'flag', count: 4 },
      ],
      violations_total: 5,
    },
  }),
  window(t(2), null, {
    rows: 10,
    status: 'rebuilt',
    quality: {
      rows: 10,
      columns: [qualityColumn('income', 0, 0), qualityColumn('purpose', 0, null, ['boat', 'yacht'])],
      violations: [{ column: 'purpose', code: 'unknown_category', policy: 'flag', count: 2 }],
      violations_total: 2,
    },
  }),
  window(t(3), null, { rows: 3, status: 'live' }),
];

describe('qualityRows', () => {
  it('lists windows newest first with the chosen column and the worst missing share of any column', () => {
    const rows = qualityRows(windows, 'income');
    expect(rows.map((r) => r.start)).toEqual([t(3), t(2), t(0)]);
    expect(rows[2]).toEqual({
      key: `${t(0)}|credit:2`,
      start: t(0),
      end: '2026-11-25T10:01:00.000Z',
      status: 'complete',
      rows: 40,
      violations: 5,
      column: qualityColumn('income', 0.05, 0.025),
      worstMissing: { column: 'purpose', share: 0.1 },
      columnsOutOfRange: 1,
      columnsWithNewCategories: 1,
    });
    expect(rows[1]!.worstMissing).toBeUndefined();
    expect(rows[0]!.column).toBeUndefined();
    expect(qualityRows(windows, 'prediction.label')[2]!.column).toBeUndefined();
  });
});

describe('qualitySummary', () => {
  it('totals rows and violations, merges new categories and counts degraded windows', () => {
    expect(qualitySummary(windows)).toEqual({
      rows: 53,
      violations: 7,
      degradedWindows: 1,
      newCategories: [{ column: 'purpose', categories: ['boat', 'yacht'] }],
      violationsByRule: [
        { column: 'purpose', code: 'unknown_category', count: 6 },
        { column: 'income', code: 'out_of_range', count: 1 },
      ],
      missingChanged: [],
    });
    expect(qualitySummary([])).toEqual({
      rows: 0,
      violations: 0,
      degradedWindows: 0,
      newCategories: [],
      violationsByRule: [],
      missingChanged: [],
    });
  });
});

describe('sparkBars', () => {
  it('scales bars to the largest value, skips missing windows and keeps zeros visible', () => {
    expect(sparkBars([4, null, 0, 2], 40, 20)).toEqual([
      { x: 0, y: 0, width: 9, height: 20 },
      { x: 20, y: 19, width: 9, height: 1 },
      { x: 30, y: 10, width: 9, height: 10 },
    ]);
    expect(sparkBars([], 40, 20)).toEqual([]);
  });
});

describe('perWindow', () => {
  it('lines values up with the chart points', () => {
    const series = columnDriftSeries(monitoring(windows), 'income');
    expect(perWindow(series.windowKeys, windows, (w) => w.rows)).toEqual([40, null, 10, 3, null]);
  });
});

describe('qualitySummary: missing shares that changed', () => {
  it('lists the columns whose missingness test changed, with how many windows and the latest shares', () => {
    const missingness = (current: number, changed: boolean) => ({
      reference_share: 0.1,
      current_share: current,
      change: current - 0.1,
      statistic: 5,
      p_value_raw: 1e-6,
      p_value: 1e-5,
      threshold: 0.05,
      changed,
    });
    const column = (name: string, m: ReturnType<typeof missingness>) => ({ ...numericColumn(name, 0.01), missingness: m });
    const summary = qualitySummary([
      window(t(0), report([column('car_value', missingness(0.15, true)), column('age', missingness(0.11, false))])),
      window(t(1), report([column('car_value', missingness(0.16, true))])),
    ]);
    expect(summary.missingChanged).toEqual([{ column: 'car_value', windows: 2, reference_share: 0.1, current_share: 0.16 }]);
  });
});
