import { afterAll, describe, expect, it } from 'vitest';
import type { AlertRule } from '../../core/alerts/alert-rule.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import type { SignalSources } from '../alerts/signal-reader.ts';
import type { AppContext } from '../context.ts';
import { testContext } from '../testing/test-context.ts';
import { fakeRolloutActions } from './testing/fake-rollout-actions.ts';
import { canary, MINUTE, seedCanary, serveTraffic, spreadScore, T0 } from './testing/rollout-test-data.ts';
import { ROLLOUT_LEASE, rolloutTick, type RolloutControllerDeps } from './rollout-controller.ts';

/** A context whose clock the test sets, and the controller's dependencies on it. */
async function controller(factory: Parameters<typeof testContext>[0]) {
  const base = await testContext(factory);
  let now = T0;
  const ctx: AppContext = { ...base, clock: () => new Date(now), actor: 'rollout-controller' };
  const sources: SignalSources = { store: ctx.store, clock: ctx.clock, baseWindowMs: MINUTE };
  const actions = fakeRolloutActions();
  const deps: RolloutControllerDeps = { ctx, sources, actions, holder: 'server-a', leaseTtlMs: 15_000 };
  return {
    ctx,
    actions,
    deps,
    close: () => base.close(),
    at: (ms: number) => void (now = ms),
    rollout: async () => (await ctx.store.deployments.findByName('credit'))!,
  };
}

for (const factory of storeFactories()) {
  describe(`rollout controller (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('advances a healthy canary through every step on passing gates and promotes it after the last', async () => {
      const c = await controller(factory);
      try {
        await seedCanary(c.ctx.store);
        const healthy = spreadScore(0, 1);
        // Step 0 (10%) from T0 for 10 minutes.
        await serveTraffic(c.ctx.store, { versionId: 'v1', from: T0, spanMs: 10 * MINUTE, n: 900, score: healthy });
        await serveTraffic(c.ctx.store, { versionId: 'v2', from: T0, spanMs: 10 * MINUTE, n: 100, score: healthy });
        c.at(T0 + 10 * MINUTE + 5_000);
        expect((await rolloutTick(c.deps)).actions).toEqual([]); // the step ended, but its last window may still be flushing
        c.at(T0 + 10 * MINUTE + 10_000);
        const first = await rolloutTick(c.deps);
        expect(first.actions).toMatchObject([{ deployment: 'credit', action: 'advanced', analysis: { verdict: 'pass', stepIndex: 0 } }]);
        const analysis = first.actions[0]!.action === 'advanced' ? first.actions[0]!.analysis : undefined;
        expect(analysis?.window).toEqual({ start: new Date(T0).toISOString(), end: new Date(T0 + 10 * MINUTE).toISOString() });
        expect(analysis?.checks.map((k) => [k.name, k.verdict])).toEqual([
          ['errors.rate', 'pass'],
          ['latency.p99', 'pass'],
          ['contract.violation_rate', 'pass'],
          ['output.drift', 'pass'],
        ]);
        let deployment = await c.rollout();
        expect(deployment.routing.rollout).toMatchObject({
          stepIndex: 1,
          weight: 50,
          stepStartedAt: new Date(T0 + 10 * MINUTE + 10_000).toISOString(),
        });

        // Step 1 (50%): its window is [11 min, 20 min).
        await serveTraffic(c.ctx.store, { versionId: 'v1', from: T0 + 11 * MINUTE, spanMs: 9 * MINUTE, n: 500, score: healthy });
        await serveTraffic(c.ctx.store, { versionId: 'v2', from: T0 + 11 * MINUTE, spanMs: 9 * MINUTE, n: 500, score: healthy });
        c.at(T0 + 20 * MINUTE + 20_000);
        expect((await rolloutTick(c.deps)).actions).toMatchObject([{ action: 'advanced', analysis: { verdict: 'pass', stepIndex: 1 } }]);
        deployment = await c.rollout();
        expect(deployment.routing.rollout).toMatchObject({ stepIndex: 2, weight: 100 });

        // Step 2 (100%): stable answers nothing now, so its baseline is the window of the same length before the step.
        await serveTraffic(c.ctx.store, { versionId: 'v2', from: T0 + 21 * MINUTE, spanMs: 9 * MINUTE, n: 300, score: healthy });
        c.at(T0 + 30 * MINUTE + 30_000);
        const last = await rolloutTick(c.deps);
        expect(last.actions).toMatchObject([{ action: 'advanced', analysis: { verdict: 'pass', stepIndex: 2, weight: 100 } }]);
        deployment = await c.rollout();
        expect(deployment.versionId).toBe('v2');
        expect(deployment.routing.rollout).toBeUndefined();
        expect(c.actions.calls.map((call) => call.verb)).toEqual(['advance', 'advance', 'advance']);
        expect(await c.ctx.store.rolloutAnalyses.listForRollout(canary().id)).toHaveLength(3);
        // Nothing left to act on.
        c.at(T0 + 60 * MINUTE);
        expect((await rolloutTick(c.deps)).actions).toEqual([]);
      } finally {
        await c.close();
      }
    });

    it('aborts a canary whose scores drifted from stable, naming the drift signal and its values', async () => {
      const c = await controller(factory);
      try {
        await seedCanary(c.ctx.store);
        await serveTraffic(c.ctx.store, { versionId: 'v1', from: T0, spanMs: 10 * MINUTE, n: 900, score: spreadScore(0, 0.6) });
        await serveTraffic(c.ctx.store, { versionId: 'v2', from: T0, spanMs: 10 * MINUTE, n: 100, score: spreadScore(0.5, 1) });
        c.at(T0 + 10 * MINUTE + 10_000);
        const tick = await rolloutTick(c.deps);
        expect(tick.actions).toMatchObject([{ action: 'aborted', analysis: { verdict: 'fail' } }]);
        const [abort] = c.actions.calls;
        expect(abort).toMatchObject({ verb: 'abort', name: 'credit', details: { rolloutId: canary().id } });
        const reason = (abort!.details as { reason: string }).reason;
        expect(reason).toMatch(/^gate failed: output\.drift: scores drifted from stable's: KS statistic [\d.]+, p-value [\d.e-]+/);
        expect(reason).not.toContain('errors.rate');
        const deployment = await c.rollout();
        expect(deployment.versionId).toBe('v1');
        expect(deployment.routing.rollout).toBeUndefined();
        const [stored] = await c.ctx.store.rolloutAnalyses.listForRollout(canary().id);
        expect(stored?.checks.find((k) => k.name === 'output.drift')).toMatchObject({ verdict: 'fail', threshold: 0.1 });
      } finally {
        await c.close();
      }
    });

    it('aborts on a failing gate rule read on the candidate, and on a candidate that fails requests', async () => {
      const c = await controller(factory);
      try {
        const slow: AlertRule = {
          name: 'slow-candidate',
          deployment: 'credit',
          signal: 'latency.p99',
          windowMs: MINUTE,
          above: 6,
          below: null,
          forMs: 0,
          keepFiringForMs: 0,
          severity: 'ticket',
          notify: [],
          onNoData: 'ok',
          rollback: null,
          description: null,
        };
        await seedCanary(c.ctx.store, canary({ gateRules: [slow] }));
        const healthy = spreadScore(0, 1);
        await serveTraffic(c.ctx.store, { versionId: 'v1', from: T0, spanMs: 10 * MINUTE, n: 900, score: healthy });
        // 8 ms is within the built-in latency check (1.5 × 2 + 5 = 8) but above the rule's 6; 5 failures in 105 requests.
        await serveTraffic(c.ctx.store, {
          versionId: 'v2',
          from: T0,
          spanMs: 10 * MINUTE,
          n: 100,
          score: healthy,
          latencyMs: 8,
          failures: 5,
        });
        c.at(T0 + 10 * MINUTE + 10_000);
        await rolloutTick(c.deps);
        const reason = (c.actions.calls[0]!.details as { reason: string }).reason;
        expect(reason).toContain('errors.rate: candidate 0.04762 is above 0.01 (stable 0');
        expect(reason).toContain('slow-candidate (latency.p99): candidate 8 is above 6');
        expect(reason).not.toContain('latency.p99: candidate 8 is above');
      } finally {
        await c.close();
      }
    });

    it('waits while the candidate has too few rows, storing an analysis at most once a minute per step', async () => {
      const c = await controller(factory);
      try {
        await seedCanary(c.ctx.store);
        await serveTraffic(c.ctx.store, { versionId: 'v1', from: T0, spanMs: 10 * MINUTE, n: 900, score: spreadScore(0, 1) });
        await serveTraffic(c.ctx.store, { versionId: 'v2', from: T0, spanMs: 10 * MINUTE, n: 12, score: spreadScore(0.5, 1) });
        c.at(T0 + 10 * MINUTE + 10_000);
        const tick = await rolloutTick(c.deps);
        expect(tick.actions).toMatchObject([{ action: 'waiting', analysis: { verdict: 'inconclusive' } }]);
        const analysis = tick.actions[0]!.action === 'waiting' ? tick.actions[0]!.analysis : undefined;
        expect(analysis?.checks.find((k) => k.name === 'output.drift')?.reason).toBe(
          '12 candidate and 900 stable scores in the window; each side needs at least 30',
        );
        c.at(T0 + 10 * MINUTE + 40_000);
        expect((await rolloutTick(c.deps)).actions).toEqual([]);
        c.at(T0 + 11 * MINUTE + 10_000);
        const again = await rolloutTick(c.deps);
        // The step holds; the window grew to the newest closed base window.
        expect(again.actions).toMatchObject([
          { action: 'waiting', analysis: { window: { end: new Date(T0 + 11 * MINUTE).toISOString() } } },
        ]);
        expect(c.actions.calls).toEqual([]);
        expect((await c.rollout()).routing.rollout).toMatchObject({ stepIndex: 0, weight: 10 });
        expect(await c.ctx.store.rolloutAnalyses.listForRollout(canary().id)).toHaveLength(2);
      } finally {
        await c.close();
      }
    });

    it('acts only while it holds the rollouts lease', async () => {
      const c = await controller(factory);
      try {
        await seedCanary(c.ctx.store);
        c.at(T0 + 10 * MINUTE + 10_000);
        expect(await c.ctx.store.leases.acquire(ROLLOUT_LEASE, 'server-b', new Date(T0 + 10 * MINUTE), 60_000)).toBe(true);
        expect(await rolloutTick(c.deps)).toEqual({ acted: false, actions: [] });
        expect(await c.ctx.store.rolloutAnalyses.listForRollout(canary().id)).toEqual([]);
        c.at(T0 + 11 * MINUTE + 10_000);
        expect((await rolloutTick(c.deps)).acted).toBe(true);
      } finally {
        await c.close();
      }
    });

    it('finishes a switched blue/green once keep-previous has passed, and reports a failing action without stopping', async () => {
      const c = await controller(factory);
      try {
        const blueGreen = canary({
          strategy: 'blue-green',
          status: 'switched',
          steps: [],
          weight: 0,
          switchedAt: new Date(T0).toISOString(),
          previousVersionId: 'v1',
          keepPreviousMs: 30 * MINUTE,
        });
        await seedCanary(c.ctx.store, blueGreen);
        c.at(T0 + 29 * MINUTE);
        expect((await rolloutTick(c.deps)).actions).toEqual([]);
        c.at(T0 + 30 * MINUTE);
        expect((await rolloutTick(c.deps)).actions).toEqual([{ deployment: 'credit', rolloutId: blueGreen.id, action: 'finished' }]);
        expect((await c.rollout()).routing.rollout).toBeUndefined();

        const failing = { ...c.deps, actions: { ...c.actions, finishRollout: () => Promise.reject(new Error('store down')) } };
        const d = await c.ctx.store.deployments.findByName('credit');
        await c.ctx.store.deployments.update(d!.id, d!.revision, {
          versionId: 'v2',
          config: d!.config,
          routing: { rollout: blueGreen },
          actor: 't',
          at: new Date(T0).toISOString(),
        });
        const tick = await rolloutTick(failing);
        expect(tick.actions).toMatchObject([{ action: 'failed', error: new Error('store down') }]);
      } finally {
        await c.close();
      }
    });
  });
}
