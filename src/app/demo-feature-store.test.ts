import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { DEMO_ENRICHED_DEPLOYMENT, prepareDemoFeatureStore } from './demo-feature-store.ts';
import { prepareDemoFeatures } from './demo-features.ts';
import { registerModel } from './register-model.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('prepareDemoFeatureStore', () => {
  it('builds a training set, fills the online store and deploys an enriched version once', async () => {
    const ctx = await testContext(factory);
    try {
      await registerModel(ctx, {
        name: 'credit-risk',
        modelFile: path.join(EXAMPLES, 'model.xgb.json'),
        alias: 'champion',
        importance: false,
      });
      const lines: string[] = [];
      await prepareDemoFeatures(ctx, path.dirname(EXAMPLES), (l) => lines.push(l));
      await prepareDemoFeatureStore(ctx, path.dirname(EXAMPLES), (l) => lines.push(l));
      expect(lines[1]).toMatch(/^built a point-in-time training set of 1584 applications/);
      expect(lines[2]).toMatch(/^materialised \d+ applicants' latest bureau snapshot up to 2026-04-01T00:00:00.000Z/);
      const deployment = await ctx.store.deployments.findByName(DEMO_ENRICHED_DEPLOYMENT);
      expect(deployment?.config.features).toMatchObject({ entityKey: 'applicant_id', onMissing: 'missing', featureSetVersion: 1 });
      expect(await ctx.store.onlineFeatures.count('bureau')).toBeGreaterThan(0);

      // Again: the set exists, the store is up to date, the deployment is there.
      await prepareDemoFeatureStore(ctx, path.dirname(EXAMPLES), (l) => lines.push(l));
      expect(lines).toHaveLength(4);
    } finally {
      await ctx.close();
    }
  });
});
