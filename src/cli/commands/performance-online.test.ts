import { describe, expect, it } from 'vitest';
import type { DeploymentPerformance, PerformanceWindow } from '../../app/performance/deployment-performance.ts';
import { formatDeploymentPerformance } from './performance-online.ts';

const metric = (realized: number | null, estimated: number | null = null, alert = false) => ({
  realized,
  estimated,
  sampling_error: null,
  lower: null,
  upper: null,
  alert,
});

const window = (
  start: string,
  version: number,
  rows: number,
  labelled: number,
  extra: Partial<PerformanceWindow> = {},
): PerformanceWindow => ({
  start,
  end: start,
  model: { name: 'credit', version },
  rows,
  labelled_rows: labelled,
  skipped_labels: 0,
  metrics: { accuracy: metric(0.9, 0.88), f1: metric(null), roc_auc: metric(0.8123, 0.7, true) },
  error_bounds: {},
  confusion_matrix: null,
  calibration: null,
  slices: { worst: [], reason: null },
  latency: null,
  kpis: [],
  ...extra,
});

const base = {
  deployment: 'credit',
  task: 'classification',
  window: '1m',
  window_ms: 60_000,
  from: '2026-11-25T10:00:00.000Z',
  to: '2026-11-25T11:00:00.000Z',
  kpi_comparisons: [],
} as const;

describe('formatDeploymentPerformance', () => {
  it('prints a line per window and version with the labelled share and realised ~estimated metrics, then the worst slices', () => {
    const result: DeploymentPerformance = {
      ...base,
      estimation: { model: { name: 'credit', version: 2 }, reference_rows: 5000 },
      windows: [
        window('2026-11-25T10:00:00.000Z', 2, 1200, 300, {
          slices: {
            worst: [
              {
                column: 'region',
                slice: 'north',
                rows: 80,
                labelled_rows: 60,
                metric: 'accuracy',
                value: 0.7,
                overall: 0.91,
                p_value: 0.00123,
              },
            ],
            reason: null,
          },
          skipped_labels: 2,
          kpis: [
            { name: 'conversion_rate', event: 'conversion', aggregate: 'rate', value: 0.125, count: 1200, lower: 0.107, upper: 0.145 },
          ],
          latency: { p50_ms: 3.1, p95_ms: 9.8, p99_ms: 15.2, errors: 1 },
        }),
        window('2026-11-25T10:00:00.000Z', 3, 40, 0),
      ],
    };
    const lines = formatDeploymentPerformance(result).split('\n');
    expect(lines[0]).toBe(
      "credit: 2 windows of 1m from 2026-11-25T10:00:00.000Z to 2026-11-25T11:00:00.000Z; estimates from credit:2's labelled reference",
    );
    expect(lines[2]).toMatch(/^window start +model +rows +labelled +accuracy +f1 +roc_auc$/);
    expect(lines[3]).toMatch(/^2026-11-25T10:00:00.000Z +credit:2 +1200 +25% +0.900 ~0.880 +— +0.812 ~0.700!$/);
    expect(lines[4]).toMatch(/credit:3 +40 +0%/);
    expect(lines).toContain(
      '  2026-11-25T10:00:00.000Z credit:2: region north has accuracy 0.700 against 0.910 overall (60 labelled, p 0.0012)',
    );
    expect(lines).toContain('  2026-11-25T10:00:00.000Z credit:2: 2 labels no longer fit the version, left out');
    expect(lines).toContain('  2026-11-25T10:00:00.000Z credit:2: conversion_rate 0.125 [0.107, 0.145] n=1200');
    expect(lines).toContain('  2026-11-25T10:00:00.000Z credit:2: latency p50 3.1 ms, p95 9.8 ms, p99 15.2 ms, 1 failed request');
  });

  it('ends with the KPIs of the versions compared', () => {
    const text = formatDeploymentPerformance({
      ...base,
      estimation: null,
      windows: [window('2026-11-25T10:00:00.000Z', 2, 10, 0)],
      kpi_comparisons: [
        {
          name: 'conversion_rate',
          aggregate: 'rate',
          a: { model: { name: 'credit', version: 1 }, value: 0.12, count: 5000 },
          b: { model: { name: 'credit', version: 2 }, value: 0.14, count: 4800 },
          difference: 0.02,
          p_value: 0.00312,
          test: 'two_proportion_z',
        },
      ],
    });
    expect(text.split('\n').slice(-2)).toEqual([
      'KPIs of the versions compared over the range (b − a):',
      '  conversion_rate: credit:1 0.12 (n=5000) -> credit:2 0.14 (n=4800): +0.02, p = 0.00312 (two_proportion_z)',
    ]);
  });

  it('says when the range has no logged predictions and when there is no estimator', () => {
    const text = formatDeploymentPerformance({ ...base, estimation: null, windows: [] });
    expect(text).toMatch(/realised from labels only/);
    expect(text).toMatch(/no logged predictions in this range$/);
  });
});
