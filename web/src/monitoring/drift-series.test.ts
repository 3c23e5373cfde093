import { describe, expect, it } from 'vitest';
import {
  columnDriftSeries,
  columnRole,
  defaultColumn,
  monitoredColumns,
  effectAxisMax,
  latestComparedWindow,
  nearestWindowKey,
} from './drift-series.ts';
import { categoricalColumn, monitoring, numericColumn, qualityColumn, report, window } from './monitoring-fixtures.ts';

const t = (minute: number) => `2026-11-25T10:0${minute}:00.000Z`;

describe('columnRole', () => {
  it('knows the output columns by the names the server gives them', () => {
    expect(columnRole('prediction.label')).toBe('output');
    expect(columnRole('prediction.value')).toBe('output');
    expect(columnRole('prediction.probability.yes')).toBe('output');
    expect(columnRole('income')).toBe('input');
    expect(columnRole('prediction')).toBe('input');
  });
});

describe('monitoredColumns', () => {
  it('lists inputs in report order, then outputs, with the windows each was compared and drifted in', () => {
    const windows = [
      window(
        t(2),
        report([
          numericColumn('prediction.probability.1', 0.3, { drifted: true }),
          numericColumn('income', 0.2, { drifted: true }),
          categoricalColumn('purpose', 0.01),
        ]),
      ),
      window(t(1), report([numericColumn('income', 0.05), numericColumn('age', 0.01)])),
      window(t(3), null, {
        quality: {
          rows: 5,
          columns: [qualityColumn('income', 0, 0), qualityColumn('loan_amount', 0.2, 0)],
          violations: [],
          violations_total: 0,
        },
      }),
    ];
    expect(monitoredColumns(windows)).toEqual([
      { name: 'income', role: 'input', comparedWindows: 2, driftedWindows: 1 },
      { name: 'age', role: 'input', comparedWindows: 1, driftedWindows: 0 },
      { name: 'purpose', role: 'input', comparedWindows: 1, driftedWindows: 0 },
      { name: 'loan_amount', role: 'input', comparedWindows: 0, driftedWindows: 0 },
      { name: 'prediction.probability.1', role: 'output', comparedWindows: 1, driftedWindows: 1 },
    ]);
  });
});

describe('monitoredColumns by importance', () => {
  it('puts ranked inputs most important first, unranked ones after in report order, outputs last; the newest rank wins', () => {
    const windows = [
      window(
        t(2),
        report([
          { ...numericColumn('income', 0.2), importance_rank: 3 },
          numericColumn('prediction.probability.1', 0.3),
          { ...numericColumn('age', 0.01), importance_rank: 1 },
          { ...categoricalColumn('purpose', 0.01), importance_rank: null },
          numericColumn('loan_amount', 0.01),
        ]),
      ),
      window(
        t(1),
        report([
          { ...numericColumn('income', 0.05), importance_rank: 9 },
          { ...numericColumn('debt_to_income', 0.1), importance_rank: 2 },
        ]),
      ),
    ];
    expect(monitoredColumns(windows).map((c) => [c.name, c.importanceRank])).toEqual([
      ['age', 1],
      ['debt_to_income', 2],
      ['income', 3],
      ['purpose', undefined],
      ['loan_amount', undefined],
      ['prediction.probability.1', undefined],
    ]);
  });

  it('keeps the report order when no rank is given (or only nulls)', () => {
    const windows = [window(t(1), report([{ ...numericColumn('income', 0.2), importance_rank: null }, numericColumn('age', 0.01)]))];
    expect(monitoredColumns(windows).map((c) => c.name)).toEqual(['income', 'age']);
  });
});

describe('latestComparedWindow and defaultColumn', () => {
  it('skips a newer window without a report, and picks the drifted column with the largest effect', () => {
    const windows = [
      window(t(1), report([numericColumn('age', 0.9, { drifted: true })])),
      window(
        t(2),
        report([
          numericColumn('age', 0.5),
          numericColumn('income', 0.15, { drifted: true }),
          categoricalColumn('purpose', 0.3, { drifted: true }),
        ]),
      ),
      window(t(3), null, { status: 'live' }),
    ];
    expect(latestComparedWindow(windows)?.start).toBe(t(2));
    expect(defaultColumn(windows, monitoredColumns(windows))).toBe('purpose');
  });

  it('has nothing to pick when no window was compared', () => {
    expect(latestComparedWindow([window(t(1), null)])).toBeUndefined();
    expect(defaultColumn([window(t(1), null)], [])).toBeUndefined();
  });
});

describe('columnDriftSeries', () => {
  const data = monitoring([
    window(t(3), report([numericColumn('income', 0.25, { drifted: true, p: 0.001 })])),
    window(t(0), report([numericColumn('income', 0.04, { p: 0.8 })])),
    window(t(1), report([numericColumn('age', 0.04)])),
    // Off the one-minute grid: no point for it.
    window('2026-11-25T10:02:30.000Z', report([numericColumn('income', 9)])),
  ]);

  it('has a point per window of the range, null where no window or no comparison', () => {
    const series = columnDriftSeries(data, 'income');
    const start = Date.parse(t(0)) / 1000;
    expect(series.times).toEqual([0, 1, 2, 3, 4].map((i) => start + 60 * i));
    expect(series.end).toBe(start + 300);
    expect(series.effects).toEqual([0.04, null, null, 0.25, null]);
    // The threshold line spans the range, gaps included.
    expect(series.thresholds).toEqual([0.1, 0.1, 0.1, 0.1, 0.1]);
    expect(series.drifted).toEqual([null, null, null, 0.25, null]);
    expect(series.pValues).toEqual([0.8, null, null, 0.001, null]);
    expect(series.windowKeys).toEqual([`${t(0)}|credit:2`, `${t(1)}|credit:2`, undefined, `${t(3)}|credit:2`, undefined]);
    expect(series.effectName).toBe('wasserstein_norm');
    expect(series.compared).toBe(2);
    expect(series.driftedCount).toBe(1);
  });

  it('plots the version that served more rows when a window holds two', () => {
    const older = {
      ...window(t(1), report([numericColumn('income', 0.5, { drifted: true })]), { rows: 10 }),
      model: { name: 'credit', version: 1 },
    };
    const newer = window(t(1), report([numericColumn('income', 0.02)]), { rows: 90 });
    for (const windows of [
      [older, newer],
      [newer, older],
    ]) {
      const series = columnDriftSeries(monitoring(windows), 'income');
      expect(series.windowKeys[1]).toBe(`${t(1)}|credit:2`);
      expect(series.effects[1]).toBe(0.02);
      expect(series.driftedCount).toBe(0);
      expect(series.compared).toBe(1);
    }
  });

  it('carries a changed threshold forward, and the first one back to the start', () => {
    const series = columnDriftSeries(
      monitoring([
        window(t(1), report([numericColumn('income', 0.04, { threshold: 0.2 })])),
        window(t(3), report([numericColumn('income', 0.04, { threshold: 0.3 })])),
      ]),
      'income',
    );
    expect(series.thresholds).toEqual([0.2, 0.2, 0.2, 0.3, 0.3]);
    expect(columnDriftSeries(monitoring([]), 'income').thresholds).toEqual([null, null, null, null, null]);
  });

  it('gives no points for a malformed range instead of looping', () => {
    expect(columnDriftSeries({ ...data, window_ms: 0 }, 'income').times).toEqual([]);
    expect(columnDriftSeries({ ...data, from: 'yesterday' }, 'income').times).toEqual([]);
  });

  it('finds the nearest window to a clicked point', () => {
    const series = columnDriftSeries(data, 'income');
    expect(nearestWindowKey(series, 2)).toBe(`${t(1)}|credit:2`);
    expect(nearestWindowKey(series, 4)).toBe(`${t(3)}|credit:2`);
    expect(nearestWindowKey(columnDriftSeries(monitoring([]), 'income'), 2)).toBeUndefined();
  });

  it('scales the axis to the larger of effects and thresholds, with headroom', () => {
    expect(effectAxisMax(columnDriftSeries(data, 'income'))).toBe(0.3);
    expect(effectAxisMax(columnDriftSeries(data, 'nothing'))).toBe(0.2);
  });
});
