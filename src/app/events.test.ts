import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/testing/test-stores.ts';
import { MAX_EVENTS_PER_REQUEST, recordEvents } from './events.ts';
import { deployWithPredictions, loggedPrediction } from './testing/deployed-predictions.ts';
import { testContext } from './testing/test-context.ts';

for (const factory of storeFactories()) {
  describe(`recordEvents on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it("records events by prediction id and by request id, each with its prediction's time and version, who sent it and when", async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: 'r1', p2: 'r1', p3: null });
        const summary = await recordEvents({ ...ctx, actor: 'shop' }, 'credit', [
          { prediction_id: 'p3', name: 'conversion' },
          { request_id: 'r1', name: 'refund', value: 12.5, at: '2026-11-26T09:00:00+01:00' },
          { prediction_id: 'p3', name: 'conversion', value: 2 },
          // p1 named by its id and by its request id in one request: the request's item still records it once.
          { prediction_id: 'p1', name: 'view' },
        ]);
        expect(summary).toEqual({
          results: [
            { index: 0, outcome: 'accepted', predictionIds: ['p3'] },
            { index: 1, outcome: 'accepted', predictionIds: ['p1', 'p2'] },
            // A second event of the same name is a second outcome (two purchases), not a duplicate.
            { index: 2, outcome: 'accepted', predictionIds: ['p3'] },
            { index: 3, outcome: 'accepted', predictionIds: ['p1'] },
          ],
          accepted: 4,
          unknown: 0,
          invalid: 0,
        });
        const [first, second] = await ctx.store.events.ofPrediction('p3');
        expect(first).toMatchObject({
          deploymentName: 'credit',
          versionId: 'v-credit',
          predictionAt: '2026-11-25T10:00:00.000Z',
          name: 'conversion',
          value: 1,
          actor: 'shop',
        });
        // Without `at`, the event happened when it arrived.
        expect(first!.at).toBe(first!.receivedAt);
        expect(second!.value).toBe(2);
        expect(await ctx.store.events.ofPrediction('p1')).toEqual([
          expect.objectContaining({ name: 'refund', value: 12.5, at: '2026-11-26T08:00:00.000Z' }),
          expect.objectContaining({ name: 'view', value: 1 }),
        ]);
      } finally {
        await ctx.close();
      }
    });

    it('judges each item on its own: no join key, bad names, values and times, unknown ids fail alone, and the rest is written', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: null }, 0.25);
        await deployWithPredictions(ctx.store, 'other', { kind: 'regression' }, { q1: null });
        const summary = await recordEvents(ctx, 'credit', [
          { name: 'conversion', value: 1 },
          { prediction_id: 'p1', name: 'Conversion Rate' },
          { prediction_id: 'p1', name: 'conversion', value: Number.NaN },
          { prediction_id: 'p1', name: 'conversion', value: '1' },
          { prediction_id: 'p1', name: 'conversion', at: 'last tuesday' },
          { prediction_id: 'q1', name: 'conversion' },
          { request_id: 'nobody', name: 'conversion' },
          { prediction_id: 'p1', name: 'conversion' },
        ]);
        expect(summary.results.map((r) => [r.outcome, ...(r.issues ?? []).map((i) => `${i.code} ${i.path.join('.')}`)])).toEqual([
          ['invalid', 'missing events.0.prediction_id'],
          ['invalid', 'invalid_format events.1.name'],
          ['invalid', 'invalid_value events.2.value'],
          ['invalid', 'invalid_type events.3.value'],
          ['invalid', 'invalid_format events.4.at'],
          ['unknown_prediction'],
          ['unknown_prediction'],
          ['accepted'],
        ]);
        expect(summary).toMatchObject({ accepted: 1, unknown: 2, invalid: 5 });
        // A prediction of another deployment is unknown here, and the sample rate is the likely reason.
        expect(summary.results[5]!.message).toBe(
          'no logged prediction of deployment "credit" has id "q1"; this deployment logs a share of 0.25 of its predictions (log_sample_rate), and one left out of the log cannot have events',
        );
        expect(summary.results[6]!.message).toContain('has request id "nobody"');
        expect(await ctx.store.events.ofPrediction('p1')).toHaveLength(1);
        expect(await ctx.store.events.ofPrediction('q1')).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it('refuses the items past the most one request takes, one by one, and keeps those before', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { p1: null });
        const items = Array.from({ length: MAX_EVENTS_PER_REQUEST + 2 }, () => ({ prediction_id: 'p1', name: 'view' }));
        const summary = await recordEvents(ctx, 'credit', items);
        expect(summary).toMatchObject({ accepted: MAX_EVENTS_PER_REQUEST, invalid: 2 });
        expect(summary.results.at(-1)).toEqual({
          index: MAX_EVENTS_PER_REQUEST + 1,
          outcome: 'invalid',
          issues: [
            {
              code: 'too_big',
              path: ['events', MAX_EVENTS_PER_REQUEST + 1],
              message: `one request takes at most ${MAX_EVENTS_PER_REQUEST} events; send this one in another request`,
            },
          ],
        });
        expect(await ctx.store.events.ofPrediction('p1')).toHaveLength(MAX_EVENTS_PER_REQUEST);
      } finally {
        await ctx.close();
      }
    });

    it('waits for the prediction log to catch up before joining, and refuses an unknown deployment', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, {});
        let caughtUp = false;
        const log = {
          async logCaughtUp() {
            // The prediction answered a moment ago reaches the table only now.
            await ctx.store.predictions.insertMany([{ ...loggedPrediction('credit'), id: 'late' }]);
            caughtUp = true;
          },
        };
        const summary = await recordEvents(ctx, 'credit', [{ prediction_id: 'late', name: 'conversion' }], log);
        expect(caughtUp).toBe(true);
        expect(summary.accepted).toBe(1);
        await expect(recordEvents(ctx, 'nope', [])).rejects.toMatchObject({ code: 'deployment_not_found' });
      } finally {
        await ctx.close();
      }
    });
  });
}
