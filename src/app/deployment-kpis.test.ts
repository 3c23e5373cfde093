import { encodeTime } from 'ulid';
import { afterAll, describe, expect, it } from 'vitest';
import { rateEstimate, sumEstimate } from '../core/kpis/kpi-intervals.ts';
import { twoProportionZTest } from '../core/kpis/two-sample-tests.ts';
import { Moments } from '../core/sketches/moments.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { deploymentKpis } from './deployment-kpis.ts';
import { recordEvents } from './events.ts';
import { deployWithPredictions, loggedPrediction } from './testing/deployed-predictions.ts';
import { testContext } from './testing/test-context.ts';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const MINUTE = 60_000;
const KPIS = [
  { name: 'conversion_rate', event: 'conversion', aggregate: 'rate' as const },
  { name: 'revenue', event: 'conversion', aggregate: 'sum' as const },
  { name: 'refund_size', event: 'refund', aggregate: 'mean' as const },
];

for (const factory of storeFactories()) {
  describe(`deploymentKpis on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('gives each window and version its KPIs from the events of its logged predictions, and compares the two versions', async () => {
      const ctx = await testContext(factory);
      try {
        const { store } = ctx;
        await deployWithPredictions(store, 'credit', { kind: 'binary', classes: [0, 1] }, {});
        const v1 = (await store.versions.findById('v-credit'))!;
        await store.versions.insert({ ...v1, id: 'v2-credit', version: 2, createdAt: '2026-11-25T10:30:00.000Z' });
        const deployment = (await store.deployments.findByName('credit'))!;
        await store.deployments.update(deployment.id, deployment.revision, {
          versionId: deployment.versionId,
          config: { ...deployment.config, kpis: KPIS },
          actor: 't',
          at: '2026-11-25T09:00:00.000Z',
        });
        // Window 10:00: v1 serves 10 predictions, v2 serves 8; window 10:01: v1 serves 5. One
        // prediction of v1 at 09:59 lies before the range.
        const logged: { id: string; ms: number; version: string }[] = [];
        const add = (ms: number, version: string) =>
          logged.push({ id: encodeTime(ms, 10) + String(logged.length).padStart(16, '0'), ms, version });
        for (let i = 0; i < 10; i++) add(T0 + i * 1000, 'v-credit');
        for (let i = 0; i < 8; i++) add(T0 + 30_000 + i * 1000, 'v2-credit');
        for (let i = 0; i < 5; i++) add(T0 + MINUTE + i * 1000, 'v-credit');
        add(T0 - 1000, 'v-credit');
        await store.predictions.insertMany(
          logged.map((p) => ({
            ...loggedPrediction('credit'),
            id: p.id,
            at: new Date(p.ms).toISOString(),
            versionId: p.version,
            modelVersion: p.version === 'v-credit' ? 1 : 2,
          })),
        );
        const id = (i: number) => logged[i]!.id;
        const sent = await recordEvents(ctx, 'credit', [
          // v1, 10:00: predictions 0 and 1 convert (0 twice), 2 has a refund.
          { prediction_id: id(0), name: 'conversion', value: 30 },
          { prediction_id: id(0), name: 'conversion', value: 10 },
          { prediction_id: id(1), name: 'conversion', value: 20 },
          { prediction_id: id(2), name: 'refund', value: 5 },
          { prediction_id: id(2), name: 'refund', value: 7 },
          // v2, 10:00: four of eight convert; an event name no KPI reads is left alone.
          ...[10, 11, 12, 13].map((i) => ({ prediction_id: id(i), name: 'conversion', value: 15 })),
          { prediction_id: id(14), name: 'page_view' },
          // Before the range: not counted.
          { prediction_id: id(23), name: 'conversion', value: 100 },
        ]);
        expect(sent.accepted).toBe(11);

        const result = await deploymentKpis(store, 'credit', {
          from: '2026-11-25T10:00:20Z',
          to: '2026-11-25T10:01:30Z',
          windowMs: MINUTE,
        });
        // Pages that split a prediction's events give the same answer.
        for (const pageSize of [1, 2, 3])
          expect(
            await deploymentKpis(store, 'credit', { from: '2026-11-25T10:00:20Z', to: '2026-11-25T10:01:30Z', windowMs: MINUTE }, pageSize),
          ).toEqual(result);
        expect(result.windows.map((w) => [w.start, w.end, w.model, w.rows])).toEqual([
          ['2026-11-25T10:00:00.000Z', '2026-11-25T10:01:00.000Z', { name: 'credit', version: 1 }, 10],
          ['2026-11-25T10:00:00.000Z', '2026-11-25T10:01:00.000Z', { name: 'credit', version: 2 }, 8],
          ['2026-11-25T10:01:00.000Z', '2026-11-25T10:02:00.000Z', { name: 'credit', version: 1 }, 5],
        ]);
        const sums = (values: number[]) => values.reduce((m, v) => (m.add(v), m), new Moments());
        const [v1First, v2First, v1Second] = result.windows;
        expect(v1First!.kpis).toEqual([
          { ...KPIS[0], ...rateEstimate(2, 10) },
          { ...KPIS[1], ...sumEstimate(10, sums([40, 20])) },
          { ...KPIS[2], value: 6, count: 2, lower: expect.any(Number), upper: expect.any(Number) },
        ]);
        expect(v2First!.kpis[0]).toEqual({ ...KPIS[0], ...rateEstimate(4, 8) });
        expect(v2First!.kpis[1]).toMatchObject({ value: 60, count: 8 });
        expect(v1Second!.kpis.map((k) => k.value)).toEqual([0, 0, null]);

        expect(result.kpi_comparisons.map((c) => [c.name, c.a.model.version, c.b.model.version, c.test])).toEqual([
          ['conversion_rate', 1, 2, 'two_proportion_z'],
          ['revenue', 1, 2, 'welch_t'],
          ['refund_size', 1, 2, 'welch_t'],
        ]);
        const [rate, revenue, refunds] = result.kpi_comparisons;
        // Over the range v1 has 15 logged predictions (2 converted), v2 has 8 (4 converted).
        expect(rate).toEqual({
          name: 'conversion_rate',
          aggregate: 'rate',
          a: { model: { name: 'credit', version: 1 }, value: 2 / 15, count: 15 },
          b: { model: { name: 'credit', version: 2 }, value: 0.5, count: 8 },
          difference: 0.5 - 2 / 15,
          p_value: twoProportionZTest(2, 15, 4, 8).pValue,
          test: 'two_proportion_z',
        });
        // A sum compares per logged prediction: 60 / 15 against 60 / 8.
        expect(revenue!.a.value).toBeCloseTo(4, 12);
        expect(revenue!.b.value).toBeCloseTo(7.5, 12);
        expect(revenue!.p_value).toBeGreaterThan(0);
        // v2 has no refunds: there is nothing to compare a mean with.
        expect(refunds).toMatchObject({ b: { value: null, count: 0 }, difference: null, p_value: null });
      } finally {
        await ctx.close();
      }
    });

    it('lists the windows with their rows and no KPIs when the deployment defines none; refuses a bad range and an unknown deployment', async () => {
      const ctx = await testContext(factory);
      try {
        // Prediction ids are ULIDs of their time (10:00, deployWithPredictions' time).
        const ulid = (n: number) => encodeTime(T0, 10) + String(n).padStart(16, '0');
        await deployWithPredictions(ctx.store, 'plain', { kind: 'regression' }, { [ulid(1)]: null, [ulid(2)]: null });
        const result = await deploymentKpis(ctx.store, 'plain', {
          from: '2026-11-25T09:00:00Z',
          to: '2026-11-25T11:00:00Z',
          windowMs: 3_600_000,
        });
        expect(result).toEqual({
          windows: [
            {
              start: '2026-11-25T10:00:00.000Z',
              end: '2026-11-25T11:00:00.000Z',
              versionId: 'v-plain',
              model: { name: 'plain', version: 1 },
              rows: 2,
              kpis: [],
            },
          ],
          kpi_comparisons: [],
        });
        await expect(
          deploymentKpis(ctx.store, 'nope', { from: '2026-11-25T09:00:00Z', to: '2026-11-25T11:00:00Z', windowMs: 60_000 }),
        ).rejects.toMatchObject({
          code: 'deployment_not_found',
        });
      } finally {
        await ctx.close();
      }
    });
  });
}
