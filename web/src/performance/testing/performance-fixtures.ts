import type { DeploymentPerformance, MetricValue, PerformanceWindow } from '../../api/performance-types.ts';

/**
 * Hand-built performance answers for the unit tests, in the wire shape of the contract. The numbers
 * are chosen so each test can check its own arithmetic.
 */

export const t = (minute: number): string => new Date(Date.parse('2026-12-07T09:00:00.000Z') + minute * 60_000).toISOString();

export function metric(realized: number | null, estimated: number | null, options: Partial<MetricValue> = {}): MetricValue {
  return {
    realized,
    estimated,
    sampling_error: estimated === null ? null : 0.01,
    lower: estimated === null ? null : 0.85,
    upper: estimated === null ? null : 0.95,
    alert: false,
    ...options,
  };
}

export function perfWindow(minute: number, options: Partial<PerformanceWindow> = {}): PerformanceWindow {
  return {
    start: t(minute),
    end: t(minute + 1),
    model: { name: 'credit', version: 1 },
    rows: 100,
    labelled_rows: 0,
    metrics: {},
    confusion_matrix: null,
    calibration: null,
    slices: null,
    latency: null,
    kpis: [],
    ...options,
  };
}

export function performance(windows: PerformanceWindow[], options: Partial<DeploymentPerformance> = {}): DeploymentPerformance {
  return {
    deployment: 'credit',
    task: 'classification',
    window: '1m',
    window_ms: 60_000,
    from: t(0),
    to: t(5),
    estimation: { model: { name: 'credit', version: 1 }, reference_rows: 5000 },
    windows,
    kpi_comparisons: [],
    ...options,
  };
}
