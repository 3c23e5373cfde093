import { afterAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../core/performance/metric-registry.ts';
import type { ClassifierOutputs, MetricEstimate } from '../../core/performance-estimation/cbpe.ts';
import { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import { SchemaProbe } from '../../core/profiles/schema-probe.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { newLatencySketch } from '../monitoring/window-latency.ts';
import { deploymentPerformance, type EstimatorSource } from './deployment-performance.ts';
import { classifications, regressions, seedPerformanceDeployment, sendLabels, T0 } from './testing/performance-test-data.ts';

const minute = (m: number) => T0 + m * 60_000;
const range = { from: new Date(T0).toISOString(), to: new Date(minute(3)).toISOString() };
const clock = () => new Date(minute(3));

for (const factory of storeFactories()) {
  describe(`deployment performance on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('joins logged predictions with their current labels per window and version, slices them, and takes late labels', async () => {
      const store = await factory.create();
      try {
        await seedPerformanceDeployment(store);
        const first = classifications(minute(0), 600, 1);
        const second = classifications(minute(1), 90, 2);
        const regressor = regressions(minute(1), 50);
        await store.predictions.insertMany([...first.records, ...second.records, ...regressor.records]);
        // Minute 0: 480 of 600 labelled; one first labelled wrongly, then corrected; one label the model does not know.
        const labelled = first.rows.slice(0, 480);
        await sendLabels(
          store,
          [{ predictionId: labelled[0]!.id, label: labelled[0]!.truth === 'yes' ? 'no' : 'yes' }],
          '2026-11-25T10:05:00Z',
        );
        await sendLabels(
          store,
          labelled.map((r) => ({ predictionId: r.id, label: r.truth })),
          '2026-11-25T10:06:00Z',
        );
        await sendLabels(store, [{ predictionId: first.rows[500]!.id, label: 'maybe' }], '2026-11-25T10:06:00Z');
        // The regressor: 40 of 50 labelled (label = value + 1 on even rows, − 3 on odd ones), and one string label.
        await sendLabels(
          store,
          regressor.records.slice(0, 40).map((r, i) => ({ predictionId: r.id, label: regressor.values[i]! + (i % 2 === 0 ? 1 : -3) })),
          '2026-11-25T10:07:00Z',
        );
        await sendLabels(store, [{ predictionId: regressor.records[45]!.id, label: 'high' }], '2026-11-25T10:07:00Z');

        const result = await deploymentPerformance({ store, clock, baseWindowMs: 60_000 }, 'credit', range);
        expect(result).toMatchObject({
          deployment: 'credit',
          task: 'classification',
          window: '1m',
          window_ms: 60_000,
          estimation: null,
          kpi_comparisons: [],
        });
        expect(result.windows.map((w) => [w.start, w.model.version, w.rows, w.labelled_rows, w.skipped_labels])).toEqual([
          ['2026-11-25T10:00:00.000Z', 1, 600, 480, 1],
          ['2026-11-25T10:01:00.000Z', 1, 90, 0, 0],
          ['2026-11-25T10:01:00.000Z', 2, 50, 40, 1],
        ]);
        const [w0, w1, w2] = result.windows;

        // Realised metrics equal the exact ones on the labelled rows (ROC AUC within its stated bound).
        const input = {
          classes: ['no', 'yes'],
          yTrue: labelled.map((r) => r.truth),
          yPred: labelled.map((r) => r.predicted),
          probabilities: labelled.map((r) => r.probabilities),
        };
        for (const name of ['accuracy', 'balanced_accuracy', 'precision', 'recall', 'f1', 'specificity', 'log_loss', 'brier'] as const)
          expect(w0!.metrics[name]!.realized).toBeCloseTo(METRICS[name].compute(input), 9);
        expect(Math.abs(w0!.metrics.roc_auc!.realized! - METRICS.roc_auc.compute(input))).toBeLessThanOrEqual(w0!.error_bounds.roc_auc!);
        expect(w0!.metrics.accuracy).toMatchObject({ estimated: null, sampling_error: null, lower: null, upper: null, alert: false });
        expect(w0!.confusion_matrix!.classes).toEqual(['no', 'yes']);
        expect(w0!.confusion_matrix!.counts.flat().reduce((a, b) => a + b, 0)).toBe(480);
        expect(w0!.calibration!.expected_calibration_error).toBeCloseTo(METRICS.ece.compute(input), 9);
        expect(w0!.calibration!.points.reduce((n, p) => n + p.count, 0)).toBe(480);
        // The north is right 60% of the time against 90% elsewhere: the worst slice, with its numbers.
        expect(w0!.slices.reason).toBeNull();
        const north = labelled.filter((r) => r.region === 'north');
        expect(w0!.slices.worst[0]).toMatchObject({
          column: 'region',
          slice: 'north',
          rows: 200,
          labelled_rows: north.length,
          metric: 'accuracy',
          overall: w0!.metrics.accuracy!.realized,
        });
        expect(w0!.slices.worst[0]!.value).toBeCloseTo(north.filter((r) => r.truth === r.predicted).length / north.length, 12);
        expect(w0!.slices.worst[0]!.p_value).toBeLessThan(0.05);
        // No window profiles were written for these windows: latency is unknown.
        expect(w0!.latency).toBeNull();
        expect(w0!.kpis).toEqual([]);

        // No labels yet: every realised value is null, no confusion matrix, no calibration.
        expect(Object.values(w1!.metrics).every((m) => m.realized === null)).toBe(true);
        expect(w1!.confusion_matrix).toBeNull();
        expect(w1!.calibration).toBeNull();

        // The regressor's window has regression metrics, and says slices need a reference.
        expect(Object.keys(w2!.metrics)).toEqual(['mae', 'rmse', 'mape', 'r2', 'median_absolute_error']);
        expect(w2!.metrics.mae!.realized).toBeCloseTo(2, 12);
        expect(w2!.metrics.rmse!.realized).toBeCloseTo(Math.sqrt(5), 12);
        expect(w2!.slices).toEqual({ worst: [], reason: expect.stringMatching(/need a reference profile/) });
        expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);

        // A late label for a closed window: read again, the window has it.
        await sendLabels(
          store,
          second.rows.slice(0, 30).map((r) => ({ predictionId: r.id, label: r.truth })),
          '2026-11-25T12:00:00Z',
        );
        const later = await deploymentPerformance({ store, clock, baseWindowMs: 60_000 }, 'credit', range);
        expect(later.windows[1]).toMatchObject({ rows: 90, labelled_rows: 30 });
        expect(later.windows[1]!.metrics.accuracy!.realized).toBeCloseTo(
          second.rows.slice(0, 30).filter((r) => r.truth === r.predicted).length / 30,
          12,
        );

        // Coarser windows merge the minutes of one version.
        const hourly = await deploymentPerformance({ store, clock, baseWindowMs: 60_000 }, 'credit', { ...range, window: '1h' });
        expect(hourly.windows.map((w) => [w.model.version, w.rows, w.labelled_rows])).toEqual([
          [1, 690, 510],
          [2, 50, 40],
        ]);
      } finally {
        await store.close();
      }
    });

    it("puts an estimator's values beside the realised ones, from every row of the window in the version's class order", async () => {
      const store = await factory.create();
      try {
        await seedPerformanceDeployment(store);
        const window = classifications(minute(0), 200, 3);
        await store.predictions.insertMany(window.records);
        await sendLabels(
          store,
          window.rows.slice(0, 50).map((r) => ({ predictionId: r.id, label: r.truth })),
          '2026-11-25T10:05:00Z',
        );
        const seen: ClassifierOutputs[] = [];
        const estimate: EstimatorSource = async (versionId) => {
          if (versionId !== 'v1') return undefined;
          const estimator = (outputs: ClassifierOutputs): Record<string, MetricEstimate> => {
            seen.push(outputs);
            const scores = outputs.scores[0]!;
            let expected = 0;
            for (let i = 0; i < scores.length; i++) expected += outputs.predictions[i] === 1 ? scores[i]! : 1 - scores[i]!;
            const accuracy = expected / scores.length;
            return {
              accuracy: { estimated: accuracy, realized: 0.123, sampling_error: 0.02, lower: 0.5, upper: 0.99, alert: false },
              specificity: { estimated: 0.8, realized: null, sampling_error: 0.03, lower: 0.9, upper: 1, alert: true },
            };
          };
          return Object.assign(estimator, { referenceRows: 5000 });
        };
        const result = await deploymentPerformance({ store, clock, baseWindowMs: 60_000, estimate }, 'credit', range);
        expect(result.estimation).toEqual({ model: { name: 'credit', version: 1 }, reference_rows: 5000 });
        expect(seen).toHaveLength(1);
        const outputs = seen[0]!;
        expect(outputs.classCount).toBe(2);
        expect(outputs.scores).toHaveLength(1);
        expect(Array.from(outputs.scores[0]!)).toEqual(window.rows.map((r) => r.probabilities[1]));
        expect(Array.from(outputs.predictions)).toEqual(window.rows.map((r) => (r.predicted === 'yes' ? 1 : 0)));
        expect(Array.from(outputs.labels!)).toEqual(window.rows.map((r, i) => (i < 50 ? (r.truth === 'yes' ? 1 : 0) : -1)));
        const [w] = result.windows;
        const expectedAccuracy = window.rows.reduce((n, r) => n + r.probabilities[r.predicted === 'yes' ? 1 : 0], 0) / 200;
        // Ballast's own realised accuracy stays; the estimator's fills estimated, its error and band.
        expect(w!.metrics.accuracy).toEqual({
          realized: window.rows.slice(0, 50).filter((r) => r.truth === r.predicted).length / 50,
          estimated: expect.closeTo(expectedAccuracy, 12),
          sampling_error: 0.02,
          lower: 0.5,
          upper: 0.99,
          alert: false,
        });
        expect(w!.metrics.specificity).toMatchObject({ estimated: 0.8, alert: true });
        expect(w!.metrics.log_loss).toMatchObject({ estimated: null });
      } finally {
        await store.close();
      }
    });

    it("estimates with the version's labelled reference when no estimator is given, reads latency from the window profiles and KPIs from the events", async () => {
      const store = await factory.create();
      try {
        await seedPerformanceDeployment(store);
        // A labelled reference of v1 from another sample of the same process (2,000 rows).
        const reference = classifications(T0 - 86_400_000, 2000, 11).rows;
        await store.labelledReferences.replace({
          versionId: 'v1',
          id: 'ref1',
          classes: ['no', 'yes'],
          labelColumn: 'truth',
          source: 'holdout.csv',
          sourceSha256: 'b'.repeat(64),
          rows: reference.length,
          createdBy: 'ann',
          createdAt: '2026-11-25T09:00:00Z',
          labels: Int32Array.from(reference, (r) => (r.truth === 'yes' ? 1 : 0)),
          predictions: Int32Array.from(reference, (r) => (r.predicted === 'yes' ? 1 : 0)),
          scores: [Float64Array.from(reference, (r) => r.probabilities[0]!), Float64Array.from(reference, (r) => r.probabilities[1]!)],
        });
        const window = classifications(minute(0), 300, 12);
        await store.predictions.insertMany(window.records);
        const sketch = newLatencySketch(1);
        for (let ms = 1; ms <= 100; ms++) sketch.add(ms);
        const part = {
          deployment: 'credit',
          versionId: 'v1',
          windowStart: new Date(minute(0)).toISOString(),
          windowMs: 60_000,
          rows: 300,
          profile: new DatasetProfile(new SchemaProbe(['x']).schema()).toJSON(),
          reconstruction: null,
          status: 'complete' as const,
          updatedAt: '2026-11-25T10:01:05Z',
        };
        await store.monitoring.insertWindows([
          { ...part, source: 's1', latency: sketch.toJSON(), errors: 2 },
          { ...part, source: 's2', latency: newLatencySketch(2).toJSON(), errors: 1 },
        ]);

        // A conversion_rate KPI, and conversions for 60 of the 300 predictions.
        const deployment = (await store.deployments.findByName('credit'))!;
        await store.deployments.update(deployment.id, deployment.revision, {
          versionId: deployment.versionId,
          config: { ...deployment.config, kpis: [{ name: 'conversion_rate', event: 'conversion', aggregate: 'rate' }] },
          actor: 'ann',
          at: '2026-11-25T09:30:00.000Z',
        });
        await store.events.insertMany(
          window.records.slice(0, 60).map((r, i) => ({
            id: `e${i}`,
            predictionId: r.id,
            deploymentName: 'credit',
            versionId: 'v1',
            predictionAt: r.at,
            name: 'conversion',
            value: 1,
            at: '2026-11-25T10:30:00.000Z',
            receivedAt: '2026-11-25T10:30:00.000Z',
            actor: 'ann',
          })),
        );

        const result = await deploymentPerformance({ store, clock, baseWindowMs: 60_000 }, 'credit', range);
        expect(result.estimation).toEqual({ model: { name: 'credit', version: 1 }, reference_rows: 2000 });
        // One version served: no comparison.
        expect(result.kpi_comparisons).toEqual([]);
        const [w] = result.windows;
        // No labels in the window: the estimate stands alone, with its error and band from the reference.
        expect(w!.labelled_rows).toBe(0);
        const accuracy = w!.metrics.accuracy!;
        expect(accuracy.realized).toBeNull();
        expect(accuracy.sampling_error).toBeGreaterThan(0);
        // The sampled process is right 90% of the time in two regions of three and 60% in the third: ~0.8.
        expect(accuracy.estimated).toBeGreaterThan(0.7);
        expect(accuracy.estimated).toBeLessThan(0.9);
        expect(w!.metrics.roc_auc!.estimated).toBeGreaterThan(0.5);
        // Both parts' latency merged (the second has no requests), their failures summed.
        expect(w!.latency).toEqual({ p50_ms: 50, p95_ms: 95, p99_ms: 99, errors: 3 });
        expect(w!.kpis).toEqual([
          {
            name: 'conversion_rate',
            event: 'conversion',
            aggregate: 'rate',
            value: 0.2,
            count: 300,
            lower: expect.any(Number),
            upper: expect.any(Number),
          },
        ]);
        expect(w!.kpis[0]!.lower).toBeLessThan(0.2);
        expect(w!.kpis[0]!.upper).toBeGreaterThan(0.2);
      } finally {
        await store.close();
      }
    });

    it('refuses unknown deployments and bad ranges as the monitoring route does', async () => {
      const store = await factory.create();
      try {
        await seedPerformanceDeployment(store);
        const sources = { store, clock, baseWindowMs: 60_000 };
        await expect(deploymentPerformance(sources, 'nope', {})).rejects.toMatchObject({ code: 'deployment_not_found' });
        await expect(deploymentPerformance(sources, 'credit', { window: '90s' })).rejects.toMatchObject({ code: 'invalid_argument' });
        expect((await deploymentPerformance(sources, 'credit', {})).windows).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
