import type { FastifyBaseLogger } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app/context.ts';
import { WindowProfiler } from '../app/monitoring/window-profiler.ts';
import { fakeRolloutActions } from '../app/rollouts/testing/fake-rollout-actions.ts';
import { MINUTE, seedCanary, serveTraffic, spreadScore, T0 } from '../app/rollouts/testing/rollout-test-data.ts';
import { testContext } from '../app/testing/test-context.ts';
import type { DeploymentRecord } from '../core/serving-records.ts';
import { storeFactories } from '../store/testing/test-stores.ts';
import { startServerRollouts } from './server-rollouts.ts';

const [sqlite] = storeFactories();

describe('startServerRollouts', () => {
  afterAll(() => sqlite!.cleanup());

  it('acts as rollout-controller, serves the move through the host, and logs what it did', async () => {
    const base = await testContext(sqlite!);
    try {
      const ctx: AppContext = { ...base, clock: () => new Date(T0 + 10 * MINUTE + 10_000) };
      await seedCanary(ctx.store);
      await serveTraffic(ctx.store, { versionId: 'v1', from: T0, spanMs: 10 * MINUTE, n: 300, score: spreadScore(0, 0.5) });
      await serveTraffic(ctx.store, { versionId: 'v2', from: T0, spanMs: 10 * MINUTE, n: 100, score: spreadScore(0.5, 1) });
      const actions = fakeRolloutActions();
      const actors: string[] = [];
      const applied: DeploymentRecord[] = [];
      const logged: { level: string; message: string }[] = [];
      const logger = {
        info: (_o: unknown, message: string) => logged.push({ level: 'info', message }),
        warn: (_o: unknown, message: string) => logged.push({ level: 'warn', message }),
        error: (_o: unknown, message: string) => logged.push({ level: 'error', message }),
      } as unknown as FastifyBaseLogger;
      const service = startServerRollouts({
        ctx,
        host: { apply: async (deployment) => void applied.push(deployment) },
        profiler: new WindowProfiler({ store: ctx.store, clock: ctx.clock, source: 'test', windowMs: MINUTE }),
        actions: {
          ...actions,
          abortRollout: (c, ...rest) => {
            actors.push(c.actor);
            return actions.abortRollout(c, ...rest);
          },
        },
        logger,
        intervalMs: 3_600_000,
      });
      const tick = await service.tick();
      await service.stop();
      expect(tick?.actions).toMatchObject([{ action: 'aborted' }]);
      expect(actors).toEqual(['rollout-controller']);
      expect(applied.map((d) => d.routing.rollout)).toEqual([undefined]);
      expect(logged).toEqual([{ level: 'warn', message: 'rollout of credit: aborted' }]);
    } finally {
      await base.close();
    }
  });
});
