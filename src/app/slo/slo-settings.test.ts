import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { deployWithPredictions } from '../testing/deployed-predictions.ts';
import { testContext } from '../testing/test-context.ts';
import { deleteSlos, setSlos } from './slo-settings.ts';
import { sloStatuses } from './slo-status.ts';
import { repeat, requestPart } from './testing/window-parts.ts';

for (const factory of storeFactories()) {
  describe(`setting and reading SLOs (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('sets objectives by name or whole, audited, and shows their budgets', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'regression' }, {});
        await setSlos(
          ctx,
          'credit',
          [
            { objective: 'availability', target: '99.9%' },
            { objective: 'latency<=50ms', target: '99%' },
          ],
          { replace: false },
        );
        // A second set by name changes the one objective and keeps the other.
        const saved = await setSlos(ctx, 'credit', [{ objective: 'availability', target: '99%', period: '7d' }], { replace: false });
        expect(saved.map((s) => [s.objective.name, s.objective.target, s.objective.periodMs])).toEqual([
          ['availability', 0.99, 7 * 86_400_000],
          ['latency', 0.99, 28 * 86_400_000],
        ]);
        expect(saved[0]!.updatedBy).toBe('tester');
        const audit = await ctx.store.audit.list();
        expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['slo.set']));

        // 10 failures in 1,000 requests in the last closed hour, before now: 1% bad of a 1% budget.
        const now = new Date('2026-12-07T12:00:00.000Z');
        await ctx.store.monitoring.insertWindows([requestPart('credit', now.getTime() - 3_600_000, 3_600_000, repeat(990, 20), 10)]);
        const [availability, latency] = await sloStatuses({ store: ctx.store }, 'credit', now);
        expect(availability).toMatchObject({
          deployment: 'credit',
          name: 'availability',
          objective: 'availability',
          target: 0.99,
          period_ms: 7 * 86_400_000,
          events: 1000,
          bad_events: 10,
          // No closed part in the last 5 or 30 minutes: the page alert cannot be judged; the ticket (3d & 6h) can.
          page: null,
          ticket: 0,
          problem: null,
        });
        expect(availability!.budget_remaining).toBeCloseTo(0, 9);
        expect(availability!.burn_rates).toEqual({
          '5m': null,
          '30m': null,
          '1h': expect.closeTo(1, 9),
          '6h': expect.closeTo(1, 9),
          '3d': expect.closeTo(1, 9),
        });
        expect(latency).toMatchObject({ objective: 'latency<=50ms', events: 990, bad_events: 0, budget_remaining: 1 });
        expect((await sloStatuses({ store: ctx.store }, undefined, now)).map((s) => s.name)).toEqual(['availability', 'latency']);

        // PUT semantics: the set given is the whole set.
        await setSlos(ctx, 'credit', [{ objective: 'performance.estimated.roc_auc>=0.8', target: 0.9, period: '1d' }], { replace: true });
        const [auc] = await sloStatuses({ store: ctx.store }, 'credit', now);
        expect(auc).toMatchObject({
          name: 'performance_estimated_roc_auc',
          events: 0,
          budget_remaining: null,
          problem: expect.stringContaining('ballast serve'),
        });
        expect(await sloStatuses({ store: ctx.store }, 'credit', now)).toHaveLength(1);
      } finally {
        await ctx.close();
      }
    });

    it('refuses a deployment that does not exist, and invalid objectives, saving nothing', async () => {
      const ctx = await testContext(factory);
      try {
        await expect(setSlos(ctx, 'nope', [{ objective: 'availability', target: 0.99 }], { replace: false })).rejects.toMatchObject({
          code: 'deployment_not_found',
        });
        await deployWithPredictions(ctx.store, 'credit', { kind: 'regression' }, {});
        const error = await setSlos(
          ctx,
          'credit',
          [
            { objective: 'availability', target: 0.99 },
            { objective: 'latency<=50ms', target: 2 },
          ],
          {
            replace: false,
          },
        ).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BallastError);
        expect((error as BallastError).issues.map((i) => i.path.join('.'))).toEqual(['objectives.1.target']);
        expect(await ctx.store.slos.list('credit')).toEqual([]);
        await expect(setSlos(ctx, 'credit', [], { replace: false })).rejects.toMatchObject({ code: 'invalid_argument' });
        await expect(sloStatuses({ store: ctx.store }, 'credit', new Date())).rejects.toMatchObject({ code: 'slo_not_found' });
        await expect(sloStatuses({ store: ctx.store }, 'nope', new Date())).rejects.toMatchObject({ code: 'deployment_not_found' });
      } finally {
        await ctx.close();
      }
    });

    it('deletes one objective or all, audited, and says when there is none', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'regression' }, {});
        await setSlos(
          ctx,
          'credit',
          [
            { objective: 'availability', target: 0.99 },
            { objective: 'latency<=50ms', target: 0.99 },
          ],
          { replace: true },
        );
        expect(await deleteSlos(ctx, 'credit', 'latency')).toBe(1);
        await expect(deleteSlos(ctx, 'credit', 'latency')).rejects.toMatchObject({ code: 'slo_not_found' });
        expect(await deleteSlos(ctx, 'credit')).toBe(1);
        await expect(deleteSlos(ctx, 'credit')).rejects.toMatchObject({ code: 'slo_not_found' });
        const actions = (await ctx.store.audit.list()).map((a) => a.action);
        expect(actions.filter((a) => a === 'slo.delete')).toHaveLength(2);
      } finally {
        await ctx.close();
      }
    });
  });
}
