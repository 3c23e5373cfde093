import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { testContext } from '../testing/test-context.ts';
import { rolloutVerb } from './rollout-verbs.ts';
import { startRollout } from './start-rollout.ts';
import { recordingCandidates, rolloutDeployment } from './testing/rollout-fixtures.ts';

const rolloutAudits = async (ctx: AppContext) =>
  (await ctx.store.audit.list()).filter((e) => e.action.startsWith('rollout.')).map((e) => e.action);

for (const factory of storeFactories()) {
  describe(`operating a rollout on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('pauses, resumes and promotes a canary: the candidate becomes stable and the history says promoted', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const deps = recordingCandidates(ctx);
        const started = await startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'canary' }, deps);
        const paused = await rolloutVerb(ctx, 'credit-risk', 'pause', { reason: 'looking at latency' }, deps);
        expect(paused.rollout).toMatchObject({ status: 'paused', weight: 10, step_ends_at: null });
        const resumed = await rolloutVerb(ctx, 'credit-risk', 'resume', {}, deps);
        expect(resumed.rollout).toMatchObject({ status: 'progressing', weight: 10 });
        expect(resumed.rollout!.step_started_at > started.rollout!.step_started_at).toBe(true);
        const promoted = await rolloutVerb(ctx, 'credit-risk', 'promote', { reason: 'looks good' }, deps);
        expect(promoted).toMatchObject({ revision: 6, stable: { name: 'credit', version: 1 }, rollout: null });
        expect(promoted.history[0]).toMatchObject({ outcome: 'promoted', reason: 'looks good', ended_by: 'tester' });
        expect(await rolloutAudits(ctx)).toEqual(['rollout.start', 'rollout.pause', 'rollout.resume', 'rollout.promote']);
        const audit = (await ctx.store.audit.list()).find((e) => e.action === 'rollout.pause')!;
        expect(audit.details).toMatchObject({
          rollout: started.rollout!.id,
          reason: 'looking at latency',
          from_status: 'progressing',
          revision: 4,
        });
      } finally {
        await ctx.close();
      }
    });

    it('aborts: all traffic back to stable at once, with the reason on the record', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const deps = recordingCandidates(ctx);
        await startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'ab' }, deps);
        const aborted = await rolloutVerb(ctx, 'credit-risk', 'abort', { reason: 'conversion fell' }, deps);
        expect(aborted).toMatchObject({ stable: { name: 'credit', version: 2 }, rollout: null });
        expect(aborted.history[0]).toMatchObject({ strategy: 'ab', outcome: 'aborted', reason: 'conversion fell' });
        expect((await ctx.store.deployments.findByName('credit-risk'))!.routing).toEqual({});
        await expect(rolloutVerb(ctx, 'credit-risk', 'abort', {}, deps)).rejects.toMatchObject({ code: 'rollout_not_found' });
      } finally {
        await ctx.close();
      }
    });

    it('switches blue/green after smoke-testing green again and rolls back to blue, which was kept loaded', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const deps = recordingCandidates(ctx);
        await startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'blue-green', keepPrevious: '10m' }, deps);
        await expect(rolloutVerb(ctx, 'credit-risk', 'rollback', {}, deps)).rejects.toMatchObject({
          code: 'rollout_state_conflict',
          message: expect.stringContaining('it is ready; what fits now: switch, abort'),
        });
        await expect(rolloutVerb(ctx, 'credit-risk', 'pause', {}, deps)).rejects.toMatchObject({ code: 'rollout_state_conflict' });
        deps.events.length = 0;
        const switched = await rolloutVerb(ctx, 'credit-risk', 'switch', {}, deps);
        expect(deps.events).toEqual(['prepare credit:1', `serve credit:1 revision ${switched.revision}`]);
        expect(switched).toMatchObject({
          stable: { name: 'credit', version: 1 },
          rollout: { status: 'switched', previous: { name: 'credit', version: 2 } },
        });
        const stored = (await ctx.store.deployments.findByName('credit-risk'))!;
        const blue = stored.routing.rollout!.previousVersionId!;
        expect(stored.routing.keepLoaded).toEqual([
          { versionId: blue, until: new Date(Date.parse(switched.rollout!.switched_at!) + 600_000).toISOString() },
        ]);
        const back = await rolloutVerb(ctx, 'credit-risk', 'rollback', { reason: 'errors on green' }, deps);
        expect(back).toMatchObject({ stable: { name: 'credit', version: 2 }, rollout: null });
        expect(back.history[0]).toMatchObject({ strategy: 'blue-green', outcome: 'rolled_back', reason: 'errors on green' });
        expect((await ctx.store.deployments.findByName('credit-risk'))!.routing).toEqual({});
      } finally {
        await ctx.close();
      }
    });

    it('refuses a switch to a green that no longer answers, and nothing moves', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        await startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'blue-green' }, recordingCandidates(ctx));
        const broken = recordingCandidates(ctx, 'answers-nan');
        await expect(rolloutVerb(ctx, 'credit-risk', 'switch', {}, broken)).rejects.toMatchObject({ code: 'rollout_candidate_failed' });
        expect(broken.events).toEqual(['prepare credit:1', 'discard credit:1']);
        const stored = (await ctx.store.deployments.findByName('credit-risk'))!;
        expect([stored.modelVersion, stored.routing.rollout?.status]).toEqual([2, 'ready']);
      } finally {
        await ctx.close();
      }
    });

    it('lets one of two operators racing win; the other is refused and changes nothing', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const deps = recordingCandidates(ctx);
        await startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'canary' }, deps);
        const results = await Promise.allSettled([
          rolloutVerb({ ...ctx, actor: 'alice' }, 'credit-risk', 'promote', {}, deps),
          rolloutVerb({ ...ctx, actor: 'bob' }, 'credit-risk', 'abort', {}, deps),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        // Whoever lost either read the rollout after the winner's change (gone) or raced its compare-and-set.
        expect(['conflict', 'rollout_not_found']).toContain(refused.reason.code);
        const history = await ctx.store.rollouts.listForDeployment('credit-risk');
        expect(history).toHaveLength(1);
        expect(await rolloutAudits(ctx)).toHaveLength(2);
        const winner = history[0]!.outcome === 'promoted' ? 2 : 1;
        expect((await ctx.store.deployments.findByName('credit-risk'))!.modelVersion).toBe(winner === 2 ? 1 : 2);
      } finally {
        await ctx.close();
      }
    });
  });
}
