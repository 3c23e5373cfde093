import { afterAll, describe, expect, it } from 'vitest';
import { rateDifferenceInterval } from '../../core/kpis/ab-difference-interval.ts';
import { minSamplePerVariant, rateEffectSize } from '../../core/kpis/ab-sample-size.ts';
import { twoProportionZTest } from '../../core/kpis/two-sample-tests.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { recordEvents } from '../events.ts';
import { testContext } from '../testing/test-context.ts';
import { abAnalysis } from './ab-analysis.ts';
import { seedAbDeployment } from './testing/ab-deployment.ts';

for (const factory of storeFactories()) {
  describe(`abAnalysis on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("compares the running A/B rollout's variants since it started: rows, each KPI with its interval and sample, realised performance", async () => {
      const ctx = await testContext(factory);
      try {
        // Ten of each variant's predictions are labelled: credit:1 right on 8 of them, credit:2 on all 10.
        const ids = await seedAbDeployment(ctx.store, 'credit', true);
        const stable = ids.get('v-credit')!;
        const variant = ids.get('v2-credit')!;
        await recordEvents(ctx, 'credit', [
          ...stable.slice(0, 12).map((id, i) => ({ prediction_id: id, name: 'conversion', value: 10 + i })),
          ...variant.slice(0, 30).map((id, i) => ({ prediction_id: id, name: 'conversion', value: 12 + (i % 12) })),
          // The prediction before the rollout converts too, and is not counted.
          { prediction_id: stable[100]!, name: 'conversion', value: 500 },
        ]);
        await ctx.store.feedback.insertMany([
          ...stable.slice(0, 10).map((id, i) => ({
            id: `f1-${i}`,
            predictionId: id,
            deploymentName: 'credit',
            label: i < 8 ? 1 : 0,
            receivedAt: '2026-11-25T11:00:00.000Z',
            actor: 't',
          })),
          ...variant.slice(0, 10).map((id, i) => ({
            id: `f2-${i}`,
            predictionId: id,
            deploymentName: 'credit',
            label: 1,
            receivedAt: '2026-11-25T11:00:00.000Z',
            actor: 't',
          })),
        ]);

        const result = await abAnalysis(ctx, 'credit', {});
        expect(result.from).toBe('2026-11-25T10:00:00.000Z');
        expect(result.effect).toBe(0.02);
        expect(result.variants).toEqual([
          { role: 'stable', model: { name: 'credit', version: 1 }, rows: 100 },
          { role: 'variant', model: { name: 'credit', version: 2 }, rows: 110 },
        ]);
        const [rate, basket] = result.kpis;
        expect(rate).toMatchObject({
          name: 'conversion_rate',
          test: 'two_proportion_z',
          a: { value: 0.12, count: 100 },
          b: { value: 30 / 110, count: 110 },
          ci: rateDifferenceInterval(12, 100, 30, 110),
          p_value: twoProportionZTest(12, 100, 30, 110).pValue,
          effect: 0.02,
          min_sample_per_variant: minSamplePerVariant(rateEffectSize(0.12, 0.02)!),
          enough_data: false,
        });
        expect(rate!.difference).toBeCloseTo(30 / 110 - 0.12, 12);
        // Basket: stable's conversions are 10..21 (mean 15.5), the variant's 12..23 cycled (mean 17.1): 2% of 15.5 is the effect.
        expect(basket).toMatchObject({ name: 'basket', test: 'welch_t', a: { value: 15.5, count: 12 }, b: { count: 30 } });
        expect(basket!.effect).toBeCloseTo(0.31, 12);
        expect(basket!.ci!.low).toBeLessThan(basket!.difference!);
        expect(basket!.ci!.high).toBeGreaterThan(basket!.difference!);
        expect(basket!.min_sample_per_variant).toBeGreaterThan(30);

        const accuracy = result.performance.find((p) => p.metric === 'accuracy');
        expect(accuracy).toEqual({ metric: 'accuracy', a: 0.8, b: 1, labelled: { a: 10, b: 10 } });
      } finally {
        await ctx.close();
      }
    });

    it('compares two versions named when no A/B rollout runs, and says what is missing otherwise', async () => {
      const ctx = await testContext(factory);
      try {
        await seedAbDeployment(ctx.store, 'credit', false);
        const named = await abAnalysis(ctx, 'credit', { a: 'credit:1', b: 'credit:2', from: '2026-11-25T09:00:00Z', effect: 0.05 });
        // From 09:00 the stable's early prediction counts too; nothing labelled: no performance rows.
        expect(named.variants.map((v) => v.rows)).toEqual([101, 110]);
        expect(named.kpis.map((k) => [k.name, k.a.count, k.min_sample_per_variant, k.enough_data])).toEqual([
          // No conversions yet: a rate of 0 on both sides, and 0 → 0.05 is found with few rows.
          ['conversion_rate', 101, minSamplePerVariant(rateEffectSize(0, 0.05)!), true],
          ['basket', 0, null, false],
        ]);
        expect(named.performance).toEqual([]);

        await expect(abAnalysis(ctx, 'credit', {})).rejects.toMatchObject({ code: 'invalid_argument', issues: [{ path: ['a'] }] });
        await expect(abAnalysis(ctx, 'credit', { a: 'credit:1' })).rejects.toMatchObject({
          code: 'invalid_argument',
          issues: [{ path: ['b'] }],
        });
        await expect(abAnalysis(ctx, 'credit', { a: 'credit:1', b: 'credit:1' })).rejects.toMatchObject({ code: 'invalid_argument' });
        await expect(abAnalysis(ctx, 'credit', { a: 'credit:1', b: 'credit:9' })).rejects.toMatchObject({ code: 'version_not_found' });
        await expect(abAnalysis(ctx, 'credit', { a: 'credit:1', b: 'credit:2', effect: 0 })).rejects.toMatchObject({
          issues: [{ path: ['effect'] }],
        });
        await expect(abAnalysis(ctx, 'credit', { a: 'credit:1', b: 'credit:2', from: '2026-11-25T13:00:00Z' })).rejects.toMatchObject({
          issues: [{ path: ['from'] }],
        });
        await expect(abAnalysis(ctx, 'nope', {})).rejects.toMatchObject({ code: 'deployment_not_found' });
      } finally {
        await ctx.close();
      }
    });
  });
}
