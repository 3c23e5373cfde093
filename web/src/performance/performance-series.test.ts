import { describe, expect, it } from 'vitest';
import type { DeploymentPerformance } from '../api/performance-types.ts';
import { defaultMetric, defaultVersion, metricAxisRange, offeredMetrics, performanceSeries, versionsOf } from './performance-series.ts';
import credit from './fixtures/credit-performance.json' with { type: 'json' };
import { metric, perfWindow, performance, t } from './testing/performance-fixtures.ts';

const v2 = { name: 'credit', version: 2 };

describe('versionsOf and defaultVersion', () => {
  const windows = [perfWindow(0), perfWindow(1, { model: v2, rows: 10 }), perfWindow(1, { rows: 90 })];

  it('lists each version once, the newest first', () => {
    expect(versionsOf(windows)).toEqual([v2, { name: 'credit', version: 1 }]);
  });

  it('opens on the version the reference estimates, else on the one in the newest window that served more', () => {
    expect(defaultVersion(performance(windows))).toBe('credit:1');
    expect(defaultVersion(performance(windows, { estimation: null }))).toBe('credit:1');
    expect(defaultVersion(performance([perfWindow(0), perfWindow(2, { model: v2 })], { estimation: null }))).toBe('credit:2');
    // A reference of a version with no window in the range does not choose.
    expect(defaultVersion(performance([perfWindow(0, { model: v2 })]))).toBe('credit:2');
    expect(defaultVersion(performance([]))).toBeUndefined();
  });
});

describe('offeredMetrics and defaultMetric', () => {
  const windows = [
    perfWindow(0, {
      metrics: { zeta: metric(0.5, null), log_loss: metric(0.3, null), roc_auc: metric(null, 0.8), accuracy: metric(null, 0.9) },
    }),
    perfWindow(1, { metrics: { roc_auc: metric(0.81, 0.8), f1: metric(null, null) } }),
    perfWindow(1, { model: v2, metrics: { mae: metric(1, null) } }),
  ];

  it('offers the metrics of the version with a value, in reading order, unknown names last', () => {
    expect(offeredMetrics(windows, 'credit:1')).toEqual([
      { name: 'accuracy', estimatedWindows: 1, realizedWindows: 0 },
      { name: 'roc_auc', estimatedWindows: 2, realizedWindows: 1 },
      { name: 'log_loss', estimatedWindows: 0, realizedWindows: 1 },
      { name: 'zeta', estimatedWindows: 0, realizedWindows: 1 },
    ]);
  });

  it('opens on a metric with both an estimate and a realised value, then one estimated, then any', () => {
    expect(defaultMetric(offeredMetrics(windows, 'credit:1'))).toBe('roc_auc');
    expect(defaultMetric(offeredMetrics([windows[0]!], 'credit:1'))).toBe('accuracy');
    expect(defaultMetric(offeredMetrics(windows, 'credit:2'))).toBe('mae');
    expect(defaultMetric([])).toBeUndefined();
  });
});

describe('performanceSeries', () => {
  const data = performance([
    perfWindow(3, { rows: 200, labelled_rows: 0, metrics: { accuracy: metric(null, 0.8, { sampling_error: 0.02, alert: true }) } }),
    perfWindow(0, { rows: 100, labelled_rows: 50, metrics: { accuracy: metric(0.91, 0.9) } }),
    perfWindow(1, { rows: 100, labelled_rows: 100, metrics: { accuracy: metric(0.93, null) } }),
    perfWindow(1, { model: v2, rows: 10, labelled_rows: 10, metrics: { accuracy: metric(0.5, 0.5) } }),
    // Off the one-minute grid: no point for it.
    { ...perfWindow(2, { metrics: { accuracy: metric(0.1, 0.1) } }), start: '2026-12-07T09:02:30.000Z' },
  ]);

  it('has a point per window of the range for the chosen version, null where it has none', () => {
    const series = performanceSeries(data, 'credit:1', 'accuracy');
    const start = Date.parse(t(0)) / 1000;
    expect(series.times).toEqual([0, 1, 2, 3, 4].map((i) => start + 60 * i));
    expect(series.end).toBe(start + 300);
    expect(series.realized).toEqual([0.91, 0.93, null, null, null]);
    expect(series.estimated).toEqual([0.9, null, null, 0.8, null]);
    expect(series.labelledShare).toEqual([0.5, 1, null, 0, null]);
    expect(series.rows).toEqual([100, 100, null, 200, null]);
    expect(series.estimatedWindows).toBe(2);
    expect(series.realizedWindows).toBe(2);
  });

  it('draws the sampling band at three sampling errors around the estimate, and carries the alert bounds across gaps', () => {
    const series = performanceSeries(data, 'credit:1', 'accuracy');
    expect(series.bandLower[0]).toBeCloseTo(0.87, 12);
    expect(series.bandUpper[0]).toBeCloseTo(0.93, 12);
    expect(series.bandLower[3]).toBeCloseTo(0.74, 12);
    expect(series.bandUpper[1]).toBeNull();
    expect(series.alertLower).toEqual([0.85, 0.85, 0.85, 0.85, 0.85]);
    expect(series.alertUpper).toEqual([0.95, 0.95, 0.95, 0.95, 0.95]);
  });

  it('marks the windows that alerted', () => {
    const series = performanceSeries(data, 'credit:1', 'accuracy');
    expect(series.alerts).toEqual([null, null, null, 0.8, null]);
    expect(series.alertWindows).toBe(1);
  });

  it('gives no points for a malformed range instead of looping', () => {
    expect(performanceSeries({ ...data, window_ms: 0 }, 'credit:1', 'accuracy').times).toEqual([]);
    expect(performanceSeries({ ...data, from: 'yesterday' }, 'credit:1', 'accuracy').times).toEqual([]);
  });

  it('scales the axis to every value with headroom, within [0, 1] for a share', () => {
    const [low, high] = metricAxisRange(performanceSeries(data, 'credit:1', 'accuracy'));
    // Values span 0.74 (band) .. 0.95 (bound): 10% of the span on each side.
    expect(low).toBeCloseTo(0.719, 12);
    expect(high).toBeCloseTo(0.971, 12);
    expect(metricAxisRange(performanceSeries(performance([]), 'credit:1', 'accuracy'))).toEqual([0, 1]);
    const saturated = performance([perfWindow(0, { metrics: { accuracy: metric(1, 1, { sampling_error: 0.05, upper: 1 }) } })]);
    expect(metricAxisRange(performanceSeries(saturated, 'credit:1', 'accuracy'))[1]).toBe(1);
    const regression = performance([perfWindow(0, { metrics: { mae: metric(1200, null) } })]);
    expect(metricAxisRange(performanceSeries(regression, 'credit:1', 'mae'))).toEqual([1199.99, 1200.01]);
  });
});

describe('the fixture made to the contract', () => {
  const answer = credit as DeploymentPerformance;

  it('shows the estimate dropping at the drift while the newest windows have no labels yet', () => {
    const version = defaultVersion(answer);
    expect(version).toBe('credit:1');
    const series = performanceSeries(answer, version, defaultMetric(offeredMetrics(answer.windows, version))!);
    expect(series.metric).toBe('accuracy');
    const mean = (values: (number | null)[]) => {
      const known = values.filter((v): v is number => v !== null);
      return known.reduce((a, b) => a + b, 0) / known.length;
    };
    expect(mean(series.estimated.slice(0, 30)) - mean(series.estimated.slice(30))).toBeGreaterThan(0.04);
    expect(series.realized.at(-1)).toBeNull();
    expect(series.estimated.at(-1)).not.toBeNull();
    expect(series.alertWindows).toBeGreaterThan(20);
  });
});
