import { afterAll, describe, expect, it } from 'vitest';
import type { ClosedWindowDrift } from '../app/monitoring/closed-window-drift.ts';
import { driftGauges } from './drift-gauges.ts';
import { ServerMetrics } from './metrics.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { liveInstances, testServer } from './testing/test-server.ts';

for (const factory of storeFactories()) {
  describe(`drift gauges on /metrics on ${factory.dialect}`, () => {
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
  });
}

describe('driftGauges', () => {
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
  });

  it("removes a deployment's series of the version it moved off, and keeps a newer window over a late older one", async () => {
    const metrics = new ServerMetrics();
    const show = driftGauges(metrics);
    show([closed(1, '2026-11-25T12:01:00.000Z', ['a', 'b'])]);
    show([closed(2, '2026-11-25T12:02:00.000Z', ['c'])]);
    // A late part of an older window of version 1 comes after: version 2's window stays on show.
    show([closed(1, '2026-11-25T12:01:00.000Z', ['a', 'b'])]);
    const series = gauges(await metrics.registry.metrics()).filter((s) => s.labels.deployment === 'credit');
    expect(new Set(series.map((s) => s.labels.version))).toEqual(new Set(['2']));
    expect(series.filter((s) => s.name === 'ballast_drift_effect').map((s) => s.labels.column)).toEqual(['c']);
    expect(series.filter((s) => s.name === 'ballast_missing_share').map((s) => s.labels.column)).toEqual(['c']);
    expect(series.find((s) => s.name === 'ballast_window_rows')?.value).toBe(20);
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
