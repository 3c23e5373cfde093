import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import { abortRollout, advanceRollout, finishRollout } from './rollout-actions.ts';
import { rolloutStatus } from './rollout-status.ts';
import { rolloutVerb } from './rollout-verbs.ts';
import { startRollout } from './start-rollout.ts';
import { recordingCandidates, rolloutDeployment } from './testing/rollout-fixtures.ts';

for (const factory of storeFactories()) {
  describe(`the rollout controller's moves on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('advances a canary through every step and promotes after the last, each move served by the loader', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const deps = recordingCandidates(ctx);
        const { rollout } = await startRollout(
          ctx,
          { name: 'credit-risk', to: 'credit:1', strategy: 'canary', steps: [10, 50, 100] },
          deps,
        );
        const controller = { ...ctx, actor: 'rollout-controller' };
        const applied: number[] = [];
        const loader = { apply: async (d: { revision: number }) => void applied.push(d.revision) };
        const weights: (number | null)[] = [];
        for (let step = 0; step < 3; step++) {
          await advanceRollout(controller, 'credit-risk', { rolloutId: rollout!.id, stepIndex: step }, loader);
          weights.push((await rolloutStatus(ctx, 'credit-risk')).rollout?.weight ?? null);
        }
        expect(weights).toEqual([50, 100, null]);
        expect(applied).toEqual([4, 5, 6]);
        const status = await rolloutStatus(ctx, 'credit-risk');
        expect(status.stable).toEqual({ name: 'credit', version: 1 });
        expect(status.history[0]).toMatchObject({ outcome: 'promoted', ended_by: 'rollout-controller' });
        const actions = (await ctx.store.audit.list()).filter((e) => e.actor === 'rollout-controller').map((e) => e.action);
        expect(actions).toEqual(['rollout.advance', 'rollout.advance', 'rollout.promote']);
      } finally {
        await ctx.close();
      }
    });

    it('changes nothing when the rollout is not the one the controller judged (`conflict`)', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const deps = recordingCandidates(ctx);
        const { rollout } = await startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'canary' }, deps);
        const id = rollout!.id;
        await advanceRollout(ctx, 'credit-risk', { rolloutId: id, stepIndex: 0 });
        // A verdict about step 0 arriving after the step moved on, and one about another rollout.
        await expect(advanceRollout(ctx, 'credit-risk', { rolloutId: id, stepIndex: 0 })).rejects.toMatchObject({ code: 'conflict' });
        await expect(advanceRollout(ctx, 'credit-risk', { rolloutId: 'other', stepIndex: 1 })).rejects.toMatchObject({ code: 'conflict' });
        await expect(abortRollout(ctx, 'credit-risk', { reason: 'x', rolloutId: 'other' })).rejects.toMatchObject({ code: 'conflict' });
        await rolloutVerb(ctx, 'credit-risk', 'pause', {}, deps);
        await expect(advanceRollout(ctx, 'credit-risk', { rolloutId: id, stepIndex: 1 })).rejects.toMatchObject({
          code: 'rollout_state_conflict',
        });
        expect((await rolloutStatus(ctx, 'credit-risk')).rollout).toMatchObject({ status: 'paused', step_index: 1, weight: 25 });
        expect((await ctx.store.deployments.findByName('credit-risk'))!.revision).toBe(5);
      } finally {
        await ctx.close();
      }
    });

    it('aborts with the failing signal as the reason', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const { rollout } = await startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'canary' }, recordingCandidates(ctx));
        const reason = 'gate failed at 10%: output drift of the candidate 0.31 (above 0.1)';
        await abortRollout({ ...ctx, actor: 'rollout-controller' }, 'credit-risk', { reason, rolloutId: rollout!.id });
        const status = await rolloutStatus(ctx, 'credit-risk');
        expect(status).toMatchObject({ stable: { name: 'credit', version: 2 }, rollout: null });
        expect(status.history[0]).toMatchObject({ outcome: 'aborted', reason, ended_by: 'rollout-controller' });
        await expect(abortRollout(ctx, 'credit-risk', { reason })).rejects.toMatchObject({ code: 'rollout_not_found' });
      } finally {
        await ctx.close();
      }
    });

    it('finishes a switched blue/green once keep-previous has passed, letting blue go', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const deps = recordingCandidates(ctx);
        await startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'blue-green', keepPrevious: '30m' }, deps);
        const { rollout } = await rolloutVerb(ctx, 'credit-risk', 'switch', {}, deps);
        const at = (iso: string) => ({ ...ctx, clock: () => new Date(iso) });
        const switchedAt = Date.parse(rollout!.switched_at!);
        const early = new Date(switchedAt + 29 * 60_000).toISOString();
        await expect(finishRollout(at(early), 'credit-risk', { rolloutId: rollout!.id })).rejects.toMatchObject({
          code: 'rollout_state_conflict',
        });
        await finishRollout(at(new Date(switchedAt + 30 * 60_000).toISOString()), 'credit-risk', { rolloutId: rollout!.id });
        const stored = (await ctx.store.deployments.findByName('credit-risk'))!;
        expect([stored.modelVersion, stored.routing]).toEqual([1, {}]);
        expect((await rolloutStatus(ctx, 'credit-risk')).history[0]).toMatchObject({ outcome: 'finished' });
      } finally {
        await ctx.close();
      }
    });
  });
}
