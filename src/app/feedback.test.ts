import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/testing/test-stores.ts';
import { recordFeedback } from './feedback.ts';
import { deployWithPredictions, loggedPrediction } from './testing/deployed-predictions.ts';
import { testContext } from './testing/test-context.ts';

for (const factory of storeFactories()) {
  describe(`recordFeedback on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('labels predictions by id and by request id, and a second label replaces the first while both stay in history', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: 'r1', p2: 'r1', p3: null });
        const first = await recordFeedback(ctx, 'credit', [
          { prediction_id: 'p3', label: 1 },
          { request_id: 'r1', label: 0 },
        ]);
        expect(first).toEqual({
          results: [
            { index: 0, outcome: 'accepted', predictionIds: ['p3'] },
            { index: 1, outcome: 'accepted', predictionIds: ['p1', 'p2'] },
          ],
          accepted: 2,
          replaced: 0,
          unknown: 0,
          invalid: 0,
        });
        const second = await recordFeedback({ ...ctx, actor: 'auditor' }, 'credit', [{ prediction_id: 'p1', label: 1 }]);
        expect(second.results).toEqual([{ index: 0, outcome: 'replaced', predictionIds: ['p1'] }]);
        expect(second).toMatchObject({ accepted: 0, replaced: 1 });
        const history = await ctx.store.feedback.history('p1');
        expect(history.map((e) => [e.label, e.actor])).toEqual([
          [0, 'tester'],
          [1, 'auditor'],
        ]);
        expect((await ctx.store.feedback.current(['p1', 'p2', 'p3'])).get('p1')?.label).toBe(1);
        expect((await ctx.store.feedback.current(['p2'])).get('p2')?.label).toBe(0);
      } finally {
        await ctx.close();
      }
    });

    it('judges each item on its own: unknown ids, labels the model does not know and duplicates fail alone', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'tiers', { kind: 'multiclass', classes: ['low', 'high'] }, { t1: null, t2: null, t3: null });
        await deployWithPredictions(ctx.store, 'prices', { kind: 'regression' }, { q1: 'rq', q2: null }, 0.25);
        const tiers = await recordFeedback(ctx, 'tiers', [
          { prediction_id: 't1', label: 'high' },
          { prediction_id: 't2', label: 'medium' },
          { prediction_id: 'q1', label: 'low' }, // a prediction of another deployment
          { prediction_id: 't1', label: 'low' },
          { prediction_id: 't3', value: 2 },
          { prediction_id: 't3', label: 'low', extra: true },
          'not an item',
          { prediction_id: 't3', label: 'low' },
        ]);
        expect(tiers.results.map((r) => r.outcome)).toEqual([
          'accepted',
          'invalid',
          'unknown_prediction',
          'invalid',
          'invalid',
          'invalid',
          'invalid',
          'accepted',
        ]);
        expect(tiers).toMatchObject({ accepted: 2, replaced: 0, unknown: 1, invalid: 5 });
        expect(tiers.results[1]!.issues).toEqual([
          { code: 'invalid_value', path: ['feedback', 1, 'label'], message: expect.stringContaining('["low", "high"]') },
        ]);
        expect(tiers.results[2]!.message).toContain('no logged prediction of deployment "tiers" has id "q1"');
        expect(tiers.results[3]!.issues).toEqual([
          {
            code: 'duplicate',
            path: ['feedback', 3, 'prediction_id'],
            message: 'prediction t1 is already labelled by item 0 of this request',
          },
        ]);
        expect(tiers.results[5]!.issues).toMatchObject([{ code: 'unrecognized_key', path: ['feedback', 5, 'extra'] }]);
        expect(tiers.results[6]!.issues).toMatchObject([{ code: 'invalid_type', path: ['feedback', 6] }]);
        // Only the good items were written.
        expect([...(await ctx.store.feedback.current(['t1', 't2', 't3'])).entries()].map(([id, e]) => [id, e.label])).toEqual([
          ['t1', 'high'],
          ['t3', 'low'],
        ]);

        const prices = await recordFeedback(ctx, 'prices', [
          { prediction_id: 'q1', value: 12.5 },
          { prediction_id: 'q2', label: 'expensive' },
          { prediction_id: 'q2', value: Number.POSITIVE_INFINITY },
          { prediction_id: 'never-logged', value: 3 },
          { request_id: 'rq', label: 4 },
        ]);
        expect(prices.results.map((r) => r.outcome)).toEqual(['accepted', 'invalid', 'invalid', 'unknown_prediction', 'invalid']);
        expect(prices.results[1]!.issues).toMatchObject([{ code: 'invalid_type', path: ['feedback', 1, 'label'] }]);
        expect(prices.results[2]!.issues).toMatchObject([{ code: 'invalid_value', path: ['feedback', 2, 'value'] }]);
        // This deployment logs a quarter of its predictions: the answer says why an id may be missing.
        expect(prices.results[3]!.message).toContain('logs a share of 0.25 of its predictions');
        expect(prices.results[4]!.issues).toMatchObject([{ code: 'duplicate', path: ['feedback', 4, 'request_id'] }]);
      } finally {
        await ctx.close();
      }
    });

    it('counts an item naming by prediction id a prediction an earlier item named by request id as a duplicate, one label row each', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: 'r1', p2: 'r1', p3: 'r3' });
        const summary = await recordFeedback(ctx, 'credit', [
          { request_id: 'r1', label: 0 },
          { prediction_id: 'p1', label: 1 },
          // The other order: the prediction id first, then its request.
          { prediction_id: 'p3', label: 1 },
          { request_id: 'r3', label: 0 },
        ]);
        const duplicate = (index: number, field: string, prediction: string, earlier: number) => ({
          index,
          outcome: 'invalid',
          issues: [
            {
              code: 'duplicate',
              path: ['feedback', index, field],
              message: `prediction ${prediction} is already labelled by item ${earlier} of this request`,
            },
          ],
        });
        expect(summary.results).toEqual([
          { index: 0, outcome: 'accepted', predictionIds: ['p1', 'p2'] },
          duplicate(1, 'prediction_id', 'p1', 0),
          { index: 2, outcome: 'accepted', predictionIds: ['p3'] },
          duplicate(3, 'request_id', 'p3', 2),
        ]);
        // One label row per prediction: the history holds what was accepted, once.
        for (const [id, label] of [
          ['p1', 0],
          ['p2', 0],
          ['p3', 1],
        ] as const)
          expect((await ctx.store.feedback.history(id)).map((e) => e.label)).toEqual([label]);
      } finally {
        await ctx.close();
      }
    });

    it('checks a label sent by request id against every version that served the request', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'prices', { kind: 'regression' }, {});
        await deployWithPredictions(ctx.store, 'tiers', { kind: 'multiclass', classes: ['low', 'high'] }, { t1: 'mixed' });
        // A prediction of the same request made by another version (a rollout in progress).
        await ctx.store.predictions.insertMany([{ ...loggedPrediction('tiers'), id: 't2', requestId: 'mixed', versionId: 'v-prices' }]);
        const mixed = await recordFeedback(ctx, 'tiers', [{ request_id: 'mixed', label: 'low' }]);
        expect(mixed.results).toEqual([
          { index: 0, outcome: 'invalid', issues: [expect.objectContaining({ code: 'invalid_type', path: ['feedback', 0, 'label'] })] },
        ]);
        expect(await ctx.store.feedback.current(['t1', 't2'])).toEqual(new Map());
      } finally {
        await ctx.close();
      }
    });

    it('writes nothing when no item is good, refuses an unknown deployment, and waits for the log to catch up', async () => {
      const ctx = await testContext(factory);
      try {
        await expect(recordFeedback(ctx, 'nope', [])).rejects.toMatchObject({ code: 'deployment_not_found' });
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, {});
        // The prediction reaches the table only when the log catches up, as on a server.
        let queued = [{ ...loggedPrediction('credit'), id: 'fresh' }];
        const log = {
          logCaughtUp: async () => {
            await ctx.store.predictions.insertMany(queued);
            queued = [];
          },
        };
        const early = await recordFeedback(ctx, 'credit', [{ prediction_id: 'fresh', label: 1 }]);
        expect(early.results.map((r) => r.outcome)).toEqual(['unknown_prediction']);
        const bad = await recordFeedback(ctx, 'credit', [{ prediction_id: 'fresh', label: '1' }], log);
        expect(bad).toMatchObject({ accepted: 0, invalid: 1 });
        expect(bad.results[0]!.issues![0]!.message).toContain('the class is 1 (a number), not "1"');
        expect(await ctx.store.feedback.history('fresh')).toEqual([]);
        const good = await recordFeedback(ctx, 'credit', [{ prediction_id: 'fresh', label: 1 }], log);
        expect(good.results).toEqual([{ index: 0, outcome: 'accepted', predictionIds: ['fresh'] }]);
      } finally {
        await ctx.close();
      }
    });
  });
}
