import path from 'node:path';
import { monotonicFactory } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { setLabelledReference } from '../app/labelled-reference.ts';
import { EXAMPLES } from '../app/testing/test-context.ts';
import type { ClosedWindowDrift } from '../app/monitoring/closed-window-drift.ts';
import { windowGauges } from './window-gauges.ts';
import { ServerMetrics } from './metrics.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`window gauges on /metrics on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("show the latest closed window's drift as the monitoring API answers it, once the window is written", async () => {
      const server = await testServer(factory, { windowProfiling: true });
      try {
        const { app, auth, tokens } = server;
        const deployed = await app.inject({
          method: 'POST',
          url: '/v1/deployments',
          headers: auth(tokens.operator),
          payload: { name: 'credit', model: 'credit@champion' },
        });
        expect(deployed.statusCode).toBe(201);
        // Incomes five times the reference's, and every third loan amount missing: drift the test can predict.
        const instances = (await liveInstances(300)).map((row, i) => ({
          ...row,
          income: Number(row.income) * 5,
          loan_amount: i % 3 === 0 ? null : row.loan_amount,
        }));
        for (let i = 0; i < instances.length; i += 100) {
          const predicted = await app.inject({
            method: 'POST',
            url: '/v1/deployments/credit/predict',
            headers: auth(tokens.viewer),
            payload: { instances: instances.slice(i, i + 100) },
          });
          expect(predicted.statusCode).toBe(200);
        }
        const scrape = async () => gauges((await app.inject({ method: 'GET', url: '/metrics', headers: auth(tokens.viewer) })).body);

        // Nothing before the window is written: the gauges are set when it closes, not at scrape time.
        expect((await scrape()).filter((g) => g.name.startsWith('ballast_drift'))).toEqual([]);
        await server.profiling!.profiler.flush({ all: true });
        const series = await scrape();

        const monitoring = await app.inject({
          method: 'GET',
          url: '/v1/deployments/credit/monitoring?from=2026-11-25T11:00:00Z&to=2026-11-25T13:00:00Z',
          headers: auth(tokens.viewer),
        });
        expect(monitoring.statusCode).toBe(200);
        const windows = monitoring.json().windows;
        const latest = windows[windows.length - 1];
        const window = { deployment: 'credit', model: 'credit', version: '1' };
        const value = (name: string, labels: Record<string, string>) =>
          series.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

        expect(latest.drift.dataset.drifted).toBe(true);
        expect(value('ballast_drift_detected', window)).toBe(1);
        expect(value('ballast_drift_share', window)).toBeCloseTo(latest.drift.dataset.drifted_share, 12);
        expect(value('ballast_drift_share', window)).toBeGreaterThan(0);
        expect(value('ballast_window_rows', window)).toBe(latest.rows);
        expect(value('ballast_window_end_timestamp_seconds', window)).toBe(Date.parse(latest.end) / 1000);
        const income = latest.drift.columns.find((c: { name: string }) => c.name === 'income');
        expect(income.drifted).toBe(true);
        expect(value('ballast_drift_effect', { ...window, column: 'income', statistic: 'wasserstein_norm' })).toBeCloseTo(
          income.effect_size.value,
          12,
        );
        // One effect series per compared column with a value, each as the API reports it.
        const effects = series.filter((s) => s.name === 'ballast_drift_effect');
        const compared = latest.drift.columns.filter((c: { effect_size: { value: number | null } }) => c.effect_size.value !== null);
        expect(effects).toHaveLength(compared.length);
        for (const c of compared)
          expect(value('ballast_drift_effect', { ...window, column: c.name, statistic: c.effect_size.name })).toBeCloseTo(
            c.effect_size.value,
            12,
          );
        const missing = latest.quality.columns.find((c: { name: string }) => c.name === 'loan_amount');
        expect(missing.missing_share).toBeGreaterThan(0.3);
        expect(value('ballast_missing_share', { ...window, column: 'loan_amount' })).toBeCloseTo(missing.missing_share, 12);
        expect(value('ballast_missing_share', { ...window, column: 'income' })).toBe(0);
      } finally {
        await server.close();
      }
    });

    it("show the latest closed window's estimated and realised performance as the performance route answers it", async () => {
      const server = await testServer(factory, { windowProfiling: true });
      try {
        const { app, auth, tokens } = server;
        // Prediction ids are ULIDs of their time, as the real server makes them: the log is scanned by id range.
        const ulidAt = monotonicFactory(() => 0.5);
        Object.assign(server.ctx, { newId: () => ulidAt(server.ctx.clock().getTime()) });
        await setLabelledReference(server.ctx, 'credit:1', path.join(EXAMPLES, 'live.csv'), 'default');
        const post = (url: string, payload: unknown, token: string) =>
          app.inject({ method: 'POST', url, headers: auth(token), payload: payload as string });
        expect((await post('/v1/deployments', { name: 'credit', model: 'credit@champion' }, tokens.operator)).statusCode).toBe(201);
        const instances = await liveInstances(200);
        const predictions: { prediction_id: string; label: number }[] = [];
        for (let i = 0; i < instances.length; i += 100) {
          const predicted = await post('/v1/deployments/credit/predict', { instances: instances.slice(i, i + 100) }, tokens.viewer);
          expect(predicted.statusCode).toBe(200);
          predictions.push(...predicted.json().predictions);
        }
        // Labelled before the window closes: every fourth one the other class.
        const labels = predictions.map((p, i) => ({ prediction_id: p.prediction_id, label: i % 4 === 3 ? 1 - p.label : p.label }));
        expect((await post('/v1/deployments/credit/feedback', { feedback: labels }, tokens.viewer)).statusCode).toBe(200);
        await server.profiling!.profiler.flush({ all: true });

        const series = gauges((await app.inject({ method: 'GET', url: '/metrics', headers: auth(tokens.viewer) })).body);
        const at = server.ctx.clock().toISOString();
        const performance = await app.inject({
          method: 'GET',
          url: `/v1/deployments/credit/performance?from=${new Date(Date.parse(at) - 3_600_000).toISOString()}&to=${at}`,
          headers: auth(tokens.viewer),
        });
        expect(performance.statusCode, performance.body).toBe(200);
        const window = { deployment: 'credit', model: 'credit', version: '1' };
        const value = (name: string, labels: Record<string, string>) =>
          series.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
        // The test clock moves on with every call, so the predictions may span two windows: the gauges show the newest.
        const end = new Date(value('ballast_window_end_timestamp_seconds', window)! * 1000).toISOString();
        const latest = performance.json().windows.find((w: { end: string }) => w.end === end);
        expect(latest.labelled_rows).toBe(latest.rows);
        expect(latest.rows % 4).toBe(0);
        expect(value('ballast_window_labelled_rows', window)).toBe(latest.labelled_rows);
        expect(value('ballast_performance_realized', { ...window, metric: 'accuracy' })).toBe(0.75);
        expect(latest.metrics.accuracy.estimated).toBeGreaterThan(0.5);
        expect(value('ballast_performance_estimated', { ...window, metric: 'accuracy' })).toBeCloseTo(
          latest.metrics.accuracy.estimated,
          12,
        );
        expect(value('ballast_performance_alert', { ...window, metric: 'accuracy' })).toBe(latest.metrics.accuracy.alert ? 1 : 0);
        expect(value('ballast_performance_estimated', { ...window, metric: 'roc_auc' })).toBeCloseTo(latest.metrics.roc_auc.estimated, 12);
        // A metric CBPE does not estimate has a realised series only.
        expect(value('ballast_performance_estimated', { ...window, metric: 'log_loss' })).toBeUndefined();
        expect(value('ballast_performance_realized', { ...window, metric: 'log_loss' })).toBeCloseTo(latest.metrics.log_loss.realized, 12);
      } finally {
        await server.close();
      }
    });
  });
}

describe('windowGauges', () => {
  const closed = (version: number, end: string, columns: string[]): ClosedWindowDrift => ({
    deployment: 'credit',
    model: { name: 'credit', version },
    start: new Date(Date.parse(end) - 60_000).toISOString(),
    end,
    rows: 10 * version,
    drift: {
      dataset: {
        drifted: false,
        drifted_share: 0,
        columns: columns.length,
        drifted_columns: 0,
        share_threshold: 0.5,
        missingness_changed_columns: 0,
      },
      columns: columns.map((name) => ({ name, effect_size: { name: 'tvd', value: 0.01, threshold: 0.1 } })) as never,
    },
    missing: columns.map((column) => ({ column, share: 0 })),
    // Version 1 has a labelled reference (an estimate) and labels; version 2 neither.
    performance:
      version === 1
        ? {
            labelled_rows: 5,
            metrics: { accuracy: { estimated: 0.9, realized: 0.8, sampling_error: 0.01, lower: 0.85, upper: 0.95, alert: false } },
            kpis: [{ name: 'conversion_rate', event: 'conversion', aggregate: 'rate', value: 0.25, count: 10, lower: 0.1, upper: 0.5 }],
          }
        : {
            labelled_rows: 0,
            metrics: { accuracy: { estimated: null, realized: null, sampling_error: null, lower: null, upper: null, alert: false } },
            kpis: [],
          },
  });

  it("removes a deployment's series of the version it moved off, and keeps a newer window over a late older one", async () => {
    const metrics = new ServerMetrics();
    const show = windowGauges(metrics);
    show([closed(1, '2026-11-25T12:01:00.000Z', ['a', 'b'])]);
    const before = gauges(await metrics.registry.metrics());
    expect(before.filter((s) => s.name.startsWith('ballast_performance_')).map((s) => [s.name, s.labels.metric, s.value])).toEqual([
      ['ballast_performance_estimated', 'accuracy', 0.9],
      ['ballast_performance_alert', 'accuracy', 0],
      ['ballast_performance_realized', 'accuracy', 0.8],
    ]);
    expect(before.find((s) => s.name === 'ballast_kpi_value')).toMatchObject({
      labels: { kpi: 'conversion_rate', version: '1' },
      value: 0.25,
    });
    show([closed(2, '2026-11-25T12:02:00.000Z', ['c'])]);
    // A late part of an older window of version 1 comes after: version 2's window stays on show.
    show([closed(1, '2026-11-25T12:01:00.000Z', ['a', 'b'])]);
    const series = gauges(await metrics.registry.metrics()).filter((s) => s.labels.deployment === 'credit');
    expect(new Set(series.map((s) => s.labels.version))).toEqual(new Set(['2']));
    expect(series.filter((s) => s.name === 'ballast_drift_effect').map((s) => s.labels.column)).toEqual(['c']);
    expect(series.filter((s) => s.name === 'ballast_missing_share').map((s) => s.labels.column)).toEqual(['c']);
    expect(series.find((s) => s.name === 'ballast_window_rows')?.value).toBe(20);
    // Version 2 has neither an estimate nor labels: no performance series, and version 1's are gone.
    expect(series.filter((s) => s.name.startsWith('ballast_performance_') || s.name === 'ballast_kpi_value')).toEqual([]);
    expect(series.find((s) => s.name === 'ballast_window_labelled_rows')?.value).toBe(0);
  });
});

interface Series {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** The samples of a Prometheus text exposition; a line that does not parse fails the test. */
function gauges(text: string): Series[] {
  const out: Series[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    out.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return out;
}
