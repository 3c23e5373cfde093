import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShadowPredictionRecord } from '../../core/shadow/shadow-record.ts';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { twoVersionDeployment } from '../alerts/testing/rollback-fixtures.ts';
import { deploy } from '../deployments.ts';
import { changeRouting } from '../routing-change.ts';
import { testContext } from '../testing/test-context.ts';
import { shadowReport } from './shadow-report.ts';

// The twelve rows of core/shadow/shadow-comparison.test.ts, logged as predictions of credit:2 and mirrored to credit:1.
const age = [22, 25, 31, 35, 41, 45, 52, 58, 63, 70, 29, 38];
const p = [0.1, 0.2, 0.6, 0.4, 0.7, 0.9, 0.3, 0.55, 0.45, 0.8, 0.15, 0.35];
const q = [0.15, 0.1, 0.4, 0.45, 0.75, 0.95, 0.6, 0.5, 0.5, 0.85, 0.2, 0.3];
const labels = [0, 0, 1, 0, 1, 1, 1, 0, 1, 1, undefined, undefined];
const binary = (p1: number) => ({ label: p1 >= 0.5 ? 1 : 0, probabilities: [1 - p1, p1] });
const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, second)).toISOString();
const pid = (i: number) => `01PRED${String(i).padStart(20, '0')}`;
const sid = (i: number) => `01SHAD${String(i).padStart(20, '0')}`;

for (const factory of storeFactories()) {
  describe(`the shadow report on ${factory.dialect}`, () => {
    let ctx: Awaited<ReturnType<typeof testContext>>;
    let shadowVersionId: string;

    beforeAll(async () => {
      ctx = await testContext(factory);
      await twoVersionDeployment(ctx); // credit-risk serves credit:2
      const stable = (await ctx.store.deployments.findByName('credit-risk'))!;
      const version = (await ctx.store.versions.findById(stable.versionId))!;
      const model = (await ctx.store.models.findByName('credit'))!;
      shadowVersionId = (await ctx.store.versions.find(model.id, 1))!.id;
      await changeRouting(ctx, 'credit-risk', (current) => ({
        routing: { ...current.routing, shadow: { versionId: shadowVersionId, sample: 1, startedAt: at(0), startedBy: 'op' } },
        action: 'shadow.start',
        details: {},
      }));
      const features = version.signature.inputs.map((f) => f.name);
      const predictions: PredictionLogRecord[] = p.map((p1, i) => ({
        id: pid(i),
        at: at(i),
        deploymentId: stable.id,
        deploymentName: 'credit-risk',
        versionId: version.id,
        modelName: 'credit',
        modelVersion: 2,
        requestId: null,
        features,
        inputs: Object.fromEntries(
          version.signature.inputs.map((f) => [f.name, f.name === 'age' ? age[i] : f.type === 'string' ? 'x' : 1]),
        ),
        output: binary(p1),
        latencyMs: i + 1,
      }));
      await ctx.store.predictions.insertMany(predictions);
      await ctx.store.feedback.insertMany(
        labels.flatMap((label, i) =>
          label === undefined
            ? []
            : [
                {
                  id: `01FEED${String(i).padStart(20, '0')}`,
                  predictionId: pid(i),
                  deploymentName: 'credit-risk',
                  label,
                  receivedAt: at(30),
                  actor: 'op',
                },
              ],
        ),
      );
      const row = (i: number, second: number, rest: Partial<ShadowPredictionRecord>): ShadowPredictionRecord => ({
        id: sid(i),
        primaryPredictionId: pid(i),
        deploymentName: 'credit-risk',
        versionId: shadowVersionId,
        at: at(second),
        outcome: 'scored',
        rows: 1,
        output: null,
        error: null,
        latencyMs: null,
        ...rest,
      });
      await ctx.store.shadows.insertMany([
        ...q.map((q1, i) => row(i, i, { output: binary(q1), latencyMs: 10 * (i + 1) })),
        row(12, 12, { outcome: 'failed', error: 'the shadow model failed: boom', latencyMs: 3 }),
        row(13, 13, { outcome: 'timed_out', error: 'no answer' }),
        row(14, 14, { outcome: 'dropped', primaryPredictionId: null, rows: 40 }),
        // A primary left out of the log by its sample rate, and a row of another shadow version.
        row(15, 15, { output: binary(0.9), latencyMs: 5, primaryPredictionId: pid(99) }),
        row(16, 16, { output: binary(0.9), latencyMs: 5, versionId: version.id }),
      ]);
    });
    afterAll(async () => {
      await ctx.close();
      await factory.cleanup();
    });

    it('joins the shadow rows to their logged primaries and labels: agreement, flips, differences, latency, performance', async () => {
      const report = await shadowReport(ctx, 'credit-risk');
      expect(report).toMatchObject({
        deployment: 'credit-risk',
        primary: { name: 'credit', version: 2 },
        shadow: { name: 'credit', version: 1 },
        from: null,
        to: null,
        rows: 12,
        unmatched: 1,
        dropped: 40,
        failed: 1,
        timed_out: 1,
        truncated: false,
        agreement_rate: 0.75,
        label_flip_rate: 0.25,
        agreement_tolerance: null,
        flips: [
          { from: 0, to: 1, rows: 2 },
          { from: 1, to: 0, rows: 1 },
        ],
      });
      expect(report.score_difference.mean).toBeCloseTo(0.020833333333333325, 12);
      expect(report.latency).toEqual({ primary: { p50_ms: 6, p99_ms: 12 }, shadow: { p50_ms: 60, p99_ms: 120 } });
      expect(report.performance.labelled_rows).toBe(10);
      expect(report.performance.primary.accuracy).toBeCloseTo(0.7, 12);
      expect(report.performance.shadow.accuracy).toBeCloseTo(0.8, 12);
      expect(report.performance.shadow.roc_auc).toBeCloseTo(0.8958333333333334, 12);
      // Every input is sliced; a slice needs 10 rows, so only the constant inputs' single slices are left, all 12 rows each.
      expect(report.slices.length).toBeGreaterThan(0);
      expect(report.slices.every((s) => s.rows === 12 && s.agreement_rate === 0.75)).toBe(true);
    });

    it('covers a time range only', async () => {
      const report = await shadowReport(ctx, 'credit-risk', { from: at(2), to: at(4) });
      expect([report.rows, report.agreement_rate, report.from, report.to]).toEqual([2, 0.5, at(2), at(4)]);
      expect(report.performance).toMatchObject({ labelled_rows: 2 });
    });

    it('refuses a deployment without a shadow that never had one, and an unknown deployment', async () => {
      await expect(shadowReport(ctx, 'nothing')).rejects.toMatchObject({ code: 'deployment_not_found' });
      await deploy(ctx, { name: 'quiet', model: 'credit:1' });
      await expect(shadowReport(ctx, 'quiet')).rejects.toMatchObject({ code: 'shadow_not_found' });
    });
  });
}
