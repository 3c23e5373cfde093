import { encodeTime } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { rateDifferenceInterval } from '../../core/kpis/ab-difference-interval.ts';
import { minSamplePerVariant, rateEffectSize } from '../../core/kpis/ab-sample-size.ts';
import { twoProportionZTest } from '../../core/kpis/two-sample-tests.ts';
import type { RolloutState } from '../../core/rollouts/deployment-routing.ts';
import type { Store } from '../../store/store.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { recordEvents } from '../events.ts';
import { deployWithPredictions, loggedPrediction } from '../testing/deployed-predictions.ts';
import { testContext } from '../testing/test-context.ts';
import { abAnalysis } from './ab-analysis.ts';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const KPIS = [
  { name: 'conversion_rate', event: 'conversion', aggregate: 'rate' as const },
  { name: 'basket', event: 'conversion', aggregate: 'mean' as const },
];

const rollout = (startedAt: string): RolloutState => ({
  id: 'r-ab',
  strategy: 'ab',
  candidateVersionId: 'v2-credit',
  status: 'progressing',
  steps: [50],
  stepIndex: 0,
  stepStartedAt: startedAt,
  stepDurationMs: 600_000,
  weight: 50,
  stickyKey: null,
  gateRules: [],
  keepPreviousMs: 0,
  switchedAt: null,
  previousVersionId: null,
  startedAt,
  startedBy: 't',
});

/**
 * credit:1 (stable) serves 100 predictions from 10:00, 12 of which convert; credit:2 (the variant)
 * serves 110, 30 of which convert; one prediction of credit:1 at 09:59 is before the rollout. Ten of
 * each variant's predictions are labelled: credit:1 right on 8 of them, credit:2 on all 10.
 */
async function seed(store: Store, withRollout: boolean): Promise<{ ids: Map<string, string[]> }> {
  await deployWithPredictions(store, 'credit', { kind: 'binary', classes: [0, 1] }, {});
  const v1 = (await store.versions.findById('v-credit'))!;
  await store.versions.insert({ ...v1, id: 'v2-credit', version: 2, createdAt: '2026-11-25T09:30:00.000Z' });
  const deployment = (await store.deployments.findByName('credit'))!;
  await store.deployments.update(deployment.id, deployment.revision, {
    versionId: deployment.versionId,
    config: { ...deployment.config, kpis: KPIS },
    routing: withRollout ? { rollout: rollout(new Date(T0).toISOString()) } : {},
    actor: 't',
    at: '2026-11-25T09:00:00.000Z',
  });
  const ids = new Map<string, string[]>([
    ['v-credit', []],
    ['v2-credit', []],
  ]);
  const records = [];
  let n = 0;
  const add = (ms: number, versionId: string) => {
    const id = encodeTime(ms, 10) + String(n++).padStart(16, '0');
    ids.get(versionId)!.push(id);
    records.push({
      ...loggedPrediction('credit'),
      id,
      at: new Date(ms).toISOString(),
      versionId,
      modelVersion: versionId === 'v-credit' ? 1 : 2,
      output: { label: 1, probabilities: [0.3, 0.7] },
    });
  };
  for (let i = 0; i < 100; i++) add(T0 + i * 1000, 'v-credit');
  for (let i = 0; i < 110; i++) add(T0 + 500 + i * 1000, 'v2-credit');
  add(T0 - 60_000, 'v-credit');
  await store.predictions.insertMany(records);
  return { ids };
}

for (const factory of storeFactories()) {
  describe(`abAnalysis on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("compares the running A/B rollout's variants since it started: rows, each KPI with its interval and sample, realised performance", async () => {
      const ctx = await testContext(factory);
      try {
        const { ids } = await seed(ctx.store, true);
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
        await seed(ctx.store, false);
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
