import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { applyFeatureDefinitions, readFeatureDefinitionsFile } from './apply-features.ts';
import { featureViewsOverview } from './feature-views-overview.ts';
import { materializeFeatures } from './materialize.ts';
import { databaseOnlineStore } from './online-store.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('featureViewsOverview', () => {
  it('refuses before any apply, then joins the definitions with the online store and the last materialisation', async () => {
    const ctx = await testContext(factory);
    try {
      await expect(featureViewsOverview(ctx)).rejects.toMatchObject({ code: 'feature_set_not_found' });

      await applyFeatureDefinitions(ctx, await readFeatureDefinitionsFile(path.join(EXAMPLES, 'features.yaml')));
      const before = await featureViewsOverview(ctx);
      expect(before).toMatchObject({
        version: 1,
        onDemandFeatures: [{ name: 'loan_to_income', type: 'number', expr: 'loan_amount / income' }],
      });
      expect(before.views).toHaveLength(1);
      const view = before.views[0]!;
      expect(view).toMatchObject({
        name: 'bureau',
        entity: 'applicant',
        key: 'applicant_id',
        source: { name: 'bureau', path: path.join(EXAMPLES, 'bureau.csv'), table: null },
        ttlSeconds: 90 * 86400,
        onlineRows: 0,
        lastMaterialization: null,
      });
      expect(view.features[0]).toEqual({ name: 'credit_history_months', type: 'integer', expr: null });
      expect(view.features[4]).toEqual({
        name: 'late_payments_per_account',
        type: 'number',
        expr: 'num_late_payments_2y / max(num_open_accounts, 1)',
      });

      const run = await materializeFeatures(ctx, { end: '2026-06-01T00:00:00Z' });
      const after = (await featureViewsOverview(ctx)).views[0]!;
      expect(after.onlineRows).toBe(run.views[0]!.rows);
      expect(after.onlineRows).toBeGreaterThan(0);
      expect(after.lastMaterialization).toEqual({
        startTime: run.views[0]!.startTime,
        endTime: '2026-06-01T00:00:00.000Z',
        rows: run.views[0]!.rows,
        status: 'succeeded',
        finishedAt: expect.any(String),
      });

      // Redis is not counted: the count would scan its keyspace.
      const redisLike = { ...ctx, onlineStore: { ...databaseOnlineStore(ctx.store), kind: 'redis' as const } };
      expect((await featureViewsOverview(redisLike)).views[0]!.onlineRows).toBeNull();
    } finally {
      await ctx.close();
    }
  });
});
