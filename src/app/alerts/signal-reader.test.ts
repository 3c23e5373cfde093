import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../store/testing/test-stores.ts';
import type { Store } from '../../store/store.ts';
import { deploymentMonitoring } from '../monitoring/deployment-monitoring.ts';
import { recoverWindows } from '../monitoring/window-recovery.ts';
import { WindowProfiler } from '../monitoring/window-profiler.ts';
import { classifications, regressions, seedPerformanceDeployment, sendLabels, T0 } from '../performance/testing/performance-test-data.ts';
import { reviewOverdueDays } from '../governance/periodic-reviews.ts';
import { MIN_ROWS, readSignal, readSignals, type SignalSources } from './signal-reader.ts';

const WINDOW = 10_000;
const iso = (ms: number) => new Date(T0 + ms).toISOString();

/**
 * The deployment `credit` (v1, a classifier with a reference profile of x and region) with 600
 * logged predictions over the minute from T0 (100 per 10-second window), 20 over the next minute
 * (3–4 per window), every prediction of the window [T0+10s, T0+20s) labelled, a KPI `approved`
 * (rate of the event) with an event for every third prediction, and window profiles rebuilt from the
 * log by window recovery, as a server that restarts would have them.
 */
async function seeded(store: Store) {
  await seedPerformanceDeployment(store);
  const deployment = (await store.deployments.findByName('credit'))!;
  await store.deployments.update(deployment.id, deployment.revision, {
    versionId: deployment.versionId,
    config: { ...deployment.config, kpis: [{ name: 'approved', event: 'approved', aggregate: 'rate' }] },
    actor: 't',
    at: iso(-60_000),
  });
  const busy = classifications(T0, 600, 11);
  const quiet = classifications(T0 + 60_000, 20, 12);
  await store.predictions.insertMany([...busy.records, ...quiet.records]);
  const labelled = busy.rows.filter((_, i) => i >= 100 && i < 200);
  await sendLabels(
    store,
    labelled.map((r) => ({ predictionId: r.id, label: r.truth })),
    iso(30_000),
  );
  await store.events.insertMany(
    busy.records
      .filter((_, i) => i % 3 === 0)
      .map((r, i) => ({
        id: `e${String(i).padStart(8, '0')}`,
        predictionId: r.id,
        deploymentName: 'credit',
        versionId: 'v1',
        predictionAt: r.at,
        name: 'approved',
        value: 1,
        at: r.at,
        receivedAt: r.at,
        actor: 't',
      })),
  );
  await recoverWindows(store, { windowMs: WINDOW, until: new Date(T0 + 120_000), now: () => new Date(T0 + 120_000) });
  const accuracy = labelled.filter((r) => r.truth === r.predicted).length / labelled.length;
  return { accuracy };
}

for (const factory of storeFactories()) {
  describe(`readSignal (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('reads every family on the newest closed window at or before now, for the version the deployment serves', async () => {
      const store = await factory.create();
      try {
        const { accuracy } = await seeded(store);
        // Contract violations counted in the window: 5 flagged (served) and 2 rejected (never served).
        await store.contracts.addViolationCounts([
          { deployment: 'credit', windowStart: iso(10_000), column: 'x', code: 'out_of_range', policy: 'flag', count: 5 },
          { deployment: 'credit', windowStart: iso(10_000), column: 'region', code: 'missing', policy: 'reject', count: 2 },
        ]);
        const sources: SignalSources = {
          store,
          clock: () => new Date(T0 + 25_000),
          baseWindowMs: WINDOW,
          logBacklog: async (deployment) => (deployment === 'credit' ? 7 : 0),
          reviewQueueSize: async (deployment) => (deployment === 'credit' ? 4 : 0),
          sloSignal: async (_deployment, signal) =>
            signal === 'slo.availability.page'
              ? { kind: 'value', value: 1, rows: 100, start: iso(0), end: iso(10_000), model: null }
              : { kind: 'no_data', reason: 'no SLO', model: null },
        };
        // 25 s after T0 the window [20 s, 30 s) is still open: the newest closed one is [10 s, 20 s).
        const now = new Date(T0 + 25_000);
        const signals = [
          'predictions.rate',
          'drift.share',
          'drift.column.x',
          'drift.column.nope',
          'drift.multivariate',
          'quality.missing.x',
          'contract.violation_rate',
          'performance.realized.accuracy',
          'performance.estimated.roc_auc',
          'calibration.ece',
          'kpi.approved',
          'kpi.unknown',
          'latency.p50',
          'latency.p99',
          'errors.rate',
          'log.backlog',
          'reviews.pending',
          'slo.availability.page',
          'made.up',
        ];
        const read = await readSignals(sources, { deployment: 'credit', windowMs: WINDOW, now }, signals);
        const model = { name: 'credit', version: 1 };
        const window = { start: iso(10_000), end: iso(20_000), model };
        expect(read.get('predictions.rate')).toEqual({ kind: 'value', value: 10, rows: 100, ...window });

        // Drift as the monitoring route reports it for the same window.
        const monitoring = await deploymentMonitoring(sources, 'credit', { from: iso(10_000), to: iso(20_000), window: '10s' });
        const drift = monitoring.windows[0]!.drift!;
        expect(read.get('drift.share')).toEqual({ kind: 'value', value: drift.dataset.drifted_share, rows: 100, ...window });
        const x = drift.columns.find((c) => c.name === 'x')!;
        expect(x.effect_size.value).toBeGreaterThan(0);
        expect(read.get('drift.column.x')).toEqual({ kind: 'value', value: x.effect_size.value, rows: 100, ...window });
        expect(read.get('drift.column.nope')).toMatchObject({ kind: 'no_data', reason: 'the window has no column "nope"' });
        expect(read.get('drift.multivariate')).toMatchObject({ kind: 'no_data', reason: 'the version has no multivariate model' });
        expect(read.get('quality.missing.x')).toEqual({ kind: 'value', value: 0, rows: 100, ...window });
        expect(read.get('contract.violation_rate')).toEqual({ kind: 'value', value: 7 / 102, rows: 102, ...window });

        expect(read.get('performance.realized.accuracy')).toEqual({ kind: 'value', value: accuracy, rows: 100, ...window });
        expect(read.get('performance.estimated.roc_auc')).toMatchObject({ kind: 'no_data', model });
        const ece = read.get('calibration.ece');
        expect(ece).toMatchObject({ kind: 'value', rows: 100 });
        expect(ece?.kind === 'value' && ece.value).toBeGreaterThan(0);
        // Predictions 100..199 of the minute: 33 of them have the event (i % 3 === 0).
        expect(read.get('kpi.approved')).toEqual({ kind: 'value', value: 33 / 100, rows: 100, ...window });
        expect(read.get('kpi.unknown')).toMatchObject({ kind: 'no_data', reason: 'the deployment has no KPI named "unknown"' });

        expect(read.get('latency.p50')).toEqual({ kind: 'value', value: 1, rows: 100, ...window });
        expect(read.get('latency.p99')).toEqual({ kind: 'value', value: 1, rows: 100, ...window });
        // Windows rebuilt from the log do not know their failed requests: unknown, never 0.
        expect(read.get('errors.rate')).toMatchObject({ kind: 'no_data', model });

        expect(read.get('log.backlog')).toMatchObject({ kind: 'value', value: 7, model: null });
        expect(read.get('reviews.pending')).toMatchObject({ kind: 'value', value: 4, model: null });
        expect(read.get('slo.availability.page')).toMatchObject({ kind: 'value', value: 1 });
        expect(read.get('made.up')).toMatchObject({ kind: 'no_data', reason: '"made.up" is not a signal Ballast knows' });
      } finally {
        await store.close();
      }
    });

    it('says no_data below each family’s minimum of rows, and for a window that is not a multiple of the base window', async () => {
      const store = await factory.create();
      try {
        await seeded(store);
        const sources: SignalSources = { store, clock: () => new Date(T0 + 200_000), baseWindowMs: WINDOW };
        // The window [60 s, 70 s) holds 4 of the 20 quiet predictions, none labelled.
        const now = new Date(T0 + 75_000);
        const read = await readSignals(sources, { deployment: 'credit', windowMs: WINDOW, now }, [
          'predictions.rate',
          'drift.share',
          'quality.missing.x',
          'performance.realized.accuracy',
          'kpi.approved',
          'latency.p99',
          'log.backlog',
          'reviews.pending',
          'slo.availability.page',
        ]);
        expect(read.get('predictions.rate')).toMatchObject({ kind: 'value', value: 0.4, rows: 4 });
        expect(read.get('drift.share')).toMatchObject({
          kind: 'no_data',
          reason: `4 rows in the window; the signal needs at least ${MIN_ROWS.drift}`,
        });
        expect(read.get('quality.missing.x')).toMatchObject({
          kind: 'no_data',
          reason: `4 rows in the window; the signal needs at least ${MIN_ROWS.quality}`,
        });
        expect(read.get('performance.realized.accuracy')).toMatchObject({
          kind: 'no_data',
          reason: `0 labelled rows in the window; the signal needs at least ${MIN_ROWS.realized}`,
        });
        expect(read.get('kpi.approved')).toMatchObject({
          kind: 'no_data',
          reason: `4 counted in the window; the signal needs at least ${MIN_ROWS.kpi}`,
        });
        expect(read.get('latency.p99')).toMatchObject({
          kind: 'no_data',
          reason: `4 requests in the window; the signal needs at least ${MIN_ROWS.latency}`,
        });
        expect(read.get('log.backlog')).toMatchObject({ kind: 'no_data' });
        expect(read.get('reviews.pending')).toMatchObject({ kind: 'no_data', reason: 'reviews.pending is not known here' });
        expect(read.get('slo.availability.page')).toMatchObject({ kind: 'no_data' });

        // A window without any traffic: no traffic is a value, drift is not.
        const empty = await readSignals(sources, { deployment: 'credit', windowMs: WINDOW, now: new Date(T0 + 185_000) }, [
          'predictions.rate',
          'drift.share',
        ]);
        expect(empty.get('predictions.rate')).toMatchObject({ kind: 'value', value: 0, rows: 0, start: iso(170_000), end: iso(180_000) });
        expect(empty.get('drift.share')).toMatchObject({
          kind: 'no_data',
          reason: 'the version the deployment serves has no rows in the window',
        });

        expect(await readSignal(sources, { deployment: 'credit', signal: 'predictions.rate', windowMs: 15_000, now })).toMatchObject({
          kind: 'no_data',
          reason: 'a window of 15000 ms is not a multiple of the 10000 ms base monitoring window',
        });
        expect(await readSignal(sources, { deployment: 'nope', signal: 'predictions.rate', windowMs: WINDOW, now })).toEqual({
          kind: 'no_data',
          reason: 'no deployment named "nope"',
          model: null,
        });
        // A coarser window merges the base windows: the first minute holds all 600.
        expect(await readSignal(sources, { deployment: 'credit', signal: 'predictions.rate', windowMs: 60_000, now })).toMatchObject({
          kind: 'value',
          value: 10,
          rows: 600,
          start: iso(0),
          end: iso(60_000),
        });
      } finally {
        await store.close();
      }
    });

    it('reads a window the moment it closes from the live profiler, with its failed requests', async () => {
      const store = await factory.create();
      try {
        await seeded(store);
        const v1 = (await store.versions.findById('v1'))!;
        const profiler = new WindowProfiler({ store, clock: () => new Date(T0 + 300_000), source: 'live', windowMs: WINDOW });
        // 30 answered requests and 10 that failed on the server's side in [300 s, 310 s), never flushed.
        const { records } = classifications(T0 + 300_000, 180, 13);
        const inWindow = records.filter((r) => Date.parse(r.at) < T0 + 310_000);
        expect(inWindow).toHaveLength(30);
        for (const r of inWindow) profiler.observe(v1, [{ ...r, latencyMs: 4 }], Date.parse(r.at));
        for (let i = 0; i < 10; i++) profiler.observeFailure('credit', v1, T0 + 301_000 + i);
        const sources: SignalSources = {
          store,
          clock: () => new Date(T0 + 310_000),
          baseWindowMs: WINDOW,
          liveWindows: (d) => profiler.liveWindows(d),
        };
        const read = await readSignals(sources, { deployment: 'credit', windowMs: WINDOW, now: new Date(T0 + 310_000) }, [
          'errors.rate',
          'latency.p95',
          'predictions.rate',
          'drift.share',
        ]);
        expect(read.get('errors.rate')).toMatchObject({ kind: 'value', value: 10 / 40, rows: 40, start: iso(300_000) });
        expect(read.get('latency.p95')).toMatchObject({ kind: 'value', value: 4, rows: 30 });
        expect(read.get('predictions.rate')).toMatchObject({ kind: 'value', value: 3, rows: 30 });
        expect(read.get('drift.share')).toMatchObject({ kind: 'value', rows: 30 });
      } finally {
        await store.close();
      }
    });

    it('reads an explicit window of another version: a span of base windows merged, not one aligned window', async () => {
      const store = await factory.create();
      try {
        await seeded(store);
        // v2 (a regressor without a reference) logs 300 predictions over the minute from T0 + 120 s.
        await store.predictions.insertMany(regressions(T0 + 120_000, 300).records);
        await recoverWindows(store, { windowMs: WINDOW, until: new Date(T0 + 240_000), now: () => new Date(T0 + 240_000) });
        await store.contracts.addViolationCounts([
          { deployment: 'credit', windowStart: iso(10_000), column: 'x', code: 'out_of_range', policy: 'flag', count: 5 },
          { deployment: 'credit', windowStart: iso(30_000), column: 'region', code: 'missing', policy: 'reject', count: 2 },
          { deployment: 'credit', windowStart: iso(40_000), column: 'x', code: 'out_of_range', policy: 'flag', count: 50 },
        ]);
        const sources: SignalSources = { store, clock: () => new Date(T0 + 300_000), baseWindowMs: WINDOW };
        const now = new Date(T0 + 300_000);
        const signals = ['predictions.rate', 'drift.share', 'quality.missing.x', 'contract.violation_rate', 'kpi.approved'];

        // [10 s, 40 s) of v1: 30 s long but not aligned to 30 s, so three base windows are merged.
        const span = { start: iso(10_000), end: iso(40_000) };
        const v1 = await readSignals(sources, { deployment: 'credit', windowMs: WINDOW, now, window: span }, [
          ...signals,
          'performance.realized.accuracy',
        ]);
        const model1 = { name: 'credit', version: 1 };
        expect(v1.get('predictions.rate')).toEqual({ kind: 'value', value: 10, rows: 300, ...span, model: model1 });
        expect(v1.get('drift.share')).toMatchObject({ kind: 'value', rows: 300, ...span, model: model1 });
        expect(v1.get('quality.missing.x')).toEqual({ kind: 'value', value: 0, rows: 300, ...span, model: model1 });
        // The 50 violations counted at 40 s are outside the span.
        expect(v1.get('contract.violation_rate')).toEqual({ kind: 'value', value: 7 / 302, rows: 302, ...span, model: model1 });
        // Predictions 100..399 of the minute: 100 of them have the event.
        const kpi = v1.get('kpi.approved');
        expect(kpi).toMatchObject({ kind: 'value', rows: 300 });
        expect(kpi?.kind === 'value' && kpi.value).toBeCloseTo(100 / 300, 12);
        // Only [10 s, 20 s) is labelled: the span's accuracy is that window's.
        const aligned = await readSignal(sources, {
          deployment: 'credit',
          signal: 'performance.realized.accuracy',
          windowMs: WINDOW,
          now: new Date(T0 + 25_000),
        });
        expect(v1.get('performance.realized.accuracy')).toMatchObject({ kind: 'value', rows: 100, ...span });
        expect(v1.get('performance.realized.accuracy')).toMatchObject({ value: aligned.kind === 'value' ? aligned.value : NaN });

        // The same span of v2, which the deployment does not serve: its own rows, its own model.
        const second = { start: iso(130_000), end: iso(160_000) };
        const v2 = await readSignals(sources, { deployment: 'credit', windowMs: WINDOW, now, window: second, versionId: 'v2' }, signals);
        const model2 = { name: 'credit', version: 2 };
        expect(v2.get('quality.missing.x')).toEqual({ kind: 'value', value: 0, rows: 150, ...second, model: model2 });
        expect(v2.get('drift.share')).toEqual({
          kind: 'no_data',
          reason: 'the version has no reference profile to compare the window with',
          model: model2,
        });
        // v1 served nothing then.
        const none = await readSignals(sources, { deployment: 'credit', windowMs: WINDOW, now, window: second }, ['quality.missing.x']);
        expect(none.get('quality.missing.x')).toMatchObject({ kind: 'no_data', model: model1 });
      } finally {
        await store.close();
      }
    });

    it('reads an explicit window that is one aligned window exactly as the newest closed window of that length', async () => {
      const store = await factory.create();
      try {
        await seeded(store);
        const sources: SignalSources = { store, clock: () => new Date(T0 + 300_000), baseWindowMs: WINDOW };
        const signals = ['predictions.rate', 'drift.share', 'drift.column.x', 'quality.missing.x', 'kpi.approved', 'latency.p99'];
        const explicit = await readSignals(
          sources,
          { deployment: 'credit', windowMs: WINDOW, now: new Date(T0 + 300_000), window: { start: iso(0), end: iso(60_000) } },
          signals,
        );
        const newest = await readSignals(sources, { deployment: 'credit', windowMs: 60_000, now: new Date(T0 + 65_000) }, signals);
        expect(explicit).toEqual(newest);
        expect(explicit.get('predictions.rate')).toMatchObject({ kind: 'value', rows: 600 });
      } finally {
        await store.close();
      }
    });

    it('reads governance.review_overdue for the version served (or the one asked for), at now, without a window', async () => {
      const store = await factory.create();
      try {
        await seedPerformanceDeployment(store);
        const decidedAt = iso(0);
        await store.governance.insertApproval({
          id: 'ap1',
          versionId: 'v1',
          modelName: 'credit',
          modelVersion: 1,
          stage: 'production',
          status: 'approved',
          requestedBy: 'ana',
          requestedAt: decidedAt,
          requestNote: null,
          testRunIds: [],
          reviewEveryDays: 2,
          decision: { status: 'approved', decidedBy: 'bo', decidedAt, note: null },
        });
        const sources: SignalSources = {
          store,
          clock: () => new Date(T0),
          baseWindowMs: WINDOW,
          reviewOverdueDays: (versionId, now) => reviewOverdueDays(store, versionId, now),
        };
        const day = 86_400_000;
        const read = (now: number, versionId?: string) =>
          readSignal(sources, {
            deployment: 'credit',
            signal: 'governance.review_overdue',
            windowMs: 0,
            now: new Date(T0 + now),
            versionId,
          });
        expect(await read(day)).toEqual({
          kind: 'value',
          value: 0,
          rows: 1,
          start: iso(day),
          end: iso(day),
          model: { name: 'credit', version: 1 },
        });
        expect(await read(3.5 * day)).toMatchObject({ kind: 'value', value: 1.5 });
        // Rules on unwindowed signals are stored with window 0; read with them, a windowed signal has no data.
        const zero = await readSignals(
          { ...sources, logBacklog: async () => 3 },
          { deployment: 'credit', windowMs: 0, now: new Date(T0) },
          ['log.backlog', 'drift.share'],
        );
        expect(zero.get('log.backlog')).toMatchObject({ kind: 'value', value: 3 });
        expect(zero.get('drift.share')).toMatchObject({ kind: 'no_data' });
        expect(await read(3.5 * day, 'v2')).toMatchObject({
          kind: 'no_data',
          reason: 'the version has no approved production approval, so no periodic review is scheduled',
          model: { name: 'credit', version: 2 },
        });
        expect(
          await readSignal(
            { ...sources, reviewOverdueDays: undefined },
            { deployment: 'credit', signal: 'governance.review_overdue', windowMs: 0, now: new Date(T0) },
          ),
        ).toMatchObject({
          kind: 'no_data',
          reason: 'governance.review_overdue is not known here',
        });
      } finally {
        await store.close();
      }
    });
  });
}
