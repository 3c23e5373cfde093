import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { testContext } from '../testing/test-context.ts';
import { ROLLOUT_LEASE, type RolloutTick } from './rollout-controller.ts';
import { startRolloutService } from './rollout-service.ts';
import { fakeRolloutActions } from './testing/fake-rollout-actions.ts';
import { MINUTE, seedCanary, serveTraffic, spreadScore, T0 } from './testing/rollout-test-data.ts';

for (const factory of storeFactories()) {
  describe(`rollout service (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('ticks by itself every interval, reports a deployment it could not act on, and gives the lease up when stopped', async () => {
      const base = await testContext(factory);
      try {
        let now = T0 + 10 * MINUTE + 10_000;
        const ctx: AppContext = { ...base, clock: () => new Date(now) };
        await seedCanary(ctx.store);
        await serveTraffic(ctx.store, { versionId: 'v1', from: T0, spanMs: 10 * MINUTE, n: 300, score: spreadScore(0, 1) });
        await serveTraffic(ctx.store, { versionId: 'v2', from: T0, spanMs: 10 * MINUTE, n: 100, score: spreadScore(0, 1) });
        const actions = fakeRolloutActions();
        const ticks: RolloutTick[] = [];
        const errors: string[] = [];
        const failingOnce = {
          ...actions,
          advanceRollout: async (...args: Parameters<typeof actions.advanceRollout>) => {
            if (errors.length === 0) throw new Error('store busy');
            return actions.advanceRollout(...args);
          },
        };
        const service = startRolloutService({
          ctx,
          sources: { store: ctx.store, clock: ctx.clock, baseWindowMs: MINUTE },
          actions: failingOnce,
          holder: 'server-a',
          intervalMs: 20,
          onTick: (tick) => ticks.push(tick),
          onError: (error, what) => {
            errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
            // The failed step's analysis is stored: the next one is due a minute later.
            now += MINUTE;
          },
        });
        await expect.poll(() => actions.calls.length, { timeout: 5000 }).toBe(1);
        await service.stop();
        expect(errors[0]).toBe('the rollout of credit could not be acted on; tried again at the next interval: store busy');
        expect(ticks.some((t) => t.actions.some((a) => a.action === 'advanced'))).toBe(true);
        expect((await ctx.store.deployments.findByName('credit'))!.routing.rollout).toMatchObject({ stepIndex: 1, weight: 50 });
        expect(await ctx.store.leases.find(ROLLOUT_LEASE)).toBeUndefined();
        // Stopped: no more ticks.
        const count = ticks.length;
        await new Promise((resolve) => setTimeout(resolve, 60));
        expect(ticks.length).toBe(count);
      } finally {
        await base.close();
      }
    });
  });
}
