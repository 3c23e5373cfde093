import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { DEMO_DEPLOYMENT, prepareDemo } from './demo.ts';
import { versionEstimator } from './performance-estimation/version-estimator.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
// A tiny importance sample keeps the test fast whichever method explains the credit models.
const options = { codeRef: { ref: '0'.repeat(40), source: 'git commit' as const }, importance: { sampleRows: 3, backgroundRows: 2 } };
afterAll(() => factory.cleanup());

describe('prepareDemo', () => {
  it('registers the three example models and deploys @champion once, then does nothing', async () => {
    const ctx = await testContext(factory);
    try {
      const lines: string[] = [];
      await prepareDemo(ctx, path.dirname(EXAMPLES), (l) => lines.push(l), options);
      expect(lines).toHaveLength(5);
      const versions = await ctx.store.versions.listForModel((await ctx.store.models.findByName('credit-risk'))!.id);
      expect(versions.map((v) => v.format)).toEqual(['lightgbm', 'xgboost', 'onnx']);
      expect(await ctx.store.deployments.findByName(DEMO_DEPLOYMENT)).toMatchObject({
        modelVersion: 2,
        config: { kpis: [{ name: 'conversion_rate', event: 'conversion', aggregate: 'rate' }] },
      });
      await prepareDemo(ctx, path.dirname(EXAMPLES), (l) => lines.push(l), options);
      expect(lines).toHaveLength(5);
    } finally {
      await ctx.close();
    }
  });

  it("registers the example's contract, each model's held-out metrics from train.py and the code reference", async () => {
    const ctx = await testContext(factory);
    try {
      const lines: string[] = [];
      await prepareDemo(ctx, path.dirname(EXAMPLES), (l) => lines.push(l), options);
      expect(lines[0]).toBe(`code reference: git commit ${'0'.repeat(40)}`);
      const versions = await ctx.store.versions.listForModel((await ctx.store.models.findByName('credit-risk'))!.id);
      const metrics = JSON.parse(readFileSync(path.join(EXAMPLES, 'metrics.json'), 'utf8')).holdout['live.csv'].models;
      expect(versions.map((v) => v.metrics)).toEqual([metrics['model.lgb.txt'], metrics['model.xgb.json'], metrics['model.onnx']]);
      expect(versions[1]!.metrics).toMatchObject({ auc: 0.820504, log_loss: 0.284286, accuracy: 0.895 });
      expect(versions.every((v) => v.codeRef === '0'.repeat(40))).toBe(true);
      for (const version of versions) {
        expect(version.contractId).not.toBeNull();
        expect(version.contractReport).toMatchObject({ passed: true });
      }
      const contract = await ctx.store.contracts.findById(versions[1]!.contractId!);
      expect(contract?.contract.columns.age).toMatchObject({ min: 18, max: 80 });
      expect(contract?.contract.columns.purpose!.values).toContain('car');
    } finally {
      await ctx.close();
    }
  });

  it("gives each example version its global importance through registration, on the demo's sample sizes", async () => {
    const ctx = await testContext(factory);
    try {
      await prepareDemo(ctx, path.dirname(EXAMPLES), () => {}, options);
      const versions = await ctx.store.versions.listForModel((await ctx.store.models.findByName('credit-risk'))!.id);
      for (const version of versions) {
        const importance = await ctx.store.importance.findByVersion(version.id);
        expect(importance).toMatchObject({ sampleRows: 3 });
        expect(importance!.features.map((f) => f.feature).sort()).toEqual(version.signature.inputs.map((i) => i.name).sort());
      }
    } finally {
      await ctx.close();
    }
  });

  it('gives each example version the held-out live.csv as its labelled reference, so its windows can be estimated', async () => {
    const ctx = await testContext(factory);
    try {
      const lines: string[] = [];
      await prepareDemo(ctx, path.dirname(EXAMPLES), (l) => lines.push(l), options);
      expect(lines[2]).toBe(
        'registered credit-risk:2 (xgboost, @champion) from examples/credit/model.xgb.json, labelled reference live.csv (5000 rows), global importance computed',
      );
      const versions = await ctx.store.versions.listForModel((await ctx.store.models.findByName('credit-risk'))!.id);
      for (const version of versions) {
        const reference = await ctx.store.labelledReferences.find(version.id);
        expect(reference).toMatchObject({ classes: [0, 1], labelColumn: 'default', rows: 5000, source: path.join(EXAMPLES, 'live.csv') });
        const estimate = (await versionEstimator(ctx.store, version.id))!;
        // The reference's own first 500 rows as a window: estimated accuracy near the realised one.
        const window = {
          classCount: 2,
          scores: [reference!.scores[1]!.slice(0, 500)],
          predictions: reference!.predictions.slice(0, 500),
          labels: reference!.labels.slice(0, 500),
        };
        const accuracy = estimate(window).accuracy!;
        expect(Math.abs(accuracy.estimated! - accuracy.realized!)).toBeLessThan(0.05);
        expect(accuracy.alert).toBe(false);
      }
    } finally {
      await ctx.close();
    }
  });
});
