import { afterAll, describe, expect, it } from 'vitest';
import { registerTestVersion, storeFactories } from '../../store/testing/test-stores.ts';
import { deploy } from '../deployments.ts';
import { changeRouting } from '../routing-change.ts';
import { testContext } from '../testing/test-context.ts';
import { startRollout } from './start-rollout.ts';
import { recordingCandidates, rolloutDeployment } from './testing/rollout-fixtures.ts';

const gate = { format: 'ballast.alerts/v1', rules: [{ name: 'slow-candidate', signal: 'latency.p99', window: '5m', above: 250 }] };

for (const factory of storeFactories()) {
  describe(`starting a rollout on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('starts a canary at its first step after smoke-testing the candidate: routing, history row and audit in one change', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const { serving, events } = recordingCandidates(ctx);
        const applied: number[] = [];
        const status = await startRollout(
          ctx,
          {
            name: 'credit-risk',
            to: 'credit:1',
            strategy: 'canary',
            steps: [5, 50, 100],
            stepDuration: '2m',
            stickyKey: 'applicant_id',
            gate,
          },
          { serving, loader: { apply: async (d) => void applied.push(d.revision) } },
        );
        expect(events).toEqual(['prepare credit:1', 'discard credit:1']);
        expect(applied).toEqual([3]);
        expect(status).toMatchObject({
          deployment: 'credit-risk',
          revision: 3,
          stable: { name: 'credit', version: 2 },
          rollout: {
            strategy: 'canary',
            status: 'progressing',
            candidate: { name: 'credit', version: 1 },
            steps: [5, 50, 100],
            step_index: 0,
            weight: 5,
            step_duration_ms: 120_000,
            sticky_key: { kind: 'field', name: 'applicant_id' },
            gate_rules: ['slow-candidate'],
            previous: null,
            started_by: 'tester',
          },
        });
        const r = status.rollout!;
        expect(Date.parse(r.step_ends_at!) - Date.parse(r.step_started_at)).toBe(120_000);
        expect(status.history).toEqual([
          expect.objectContaining({
            id: r.id,
            strategy: 'canary',
            candidate: { name: 'credit', version: 1 },
            stable: { name: 'credit', version: 2 },
            outcome: null,
          }),
        ]);
        const stored = (await ctx.store.deployments.findByName('credit-risk'))!;
        expect(stored.versionId).not.toBe(stored.routing.rollout?.candidateVersionId);
        expect(stored.routing.rollout?.gateRules[0]).toMatchObject({ name: 'slow-candidate', deployment: 'credit-risk', above: 250 });
        const audit = (await ctx.store.audit.list()).at(-1)!;
        expect(audit).toMatchObject({
          action: 'rollout.start',
          objectId: 'credit-risk',
          details: { rollout: r.id, candidate: 'credit:1', revision: 3 },
        });
      } finally {
        await ctx.close();
      }
    });

    it('starts blue/green ready at weight 0 and an A/B test at its split', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        await deploy(ctx, { name: 'other', model: 'credit:2' });
        const { serving } = recordingCandidates(ctx);
        const blueGreen = await startRollout(
          ctx,
          { name: 'credit-risk', to: 'credit:1', strategy: 'blue-green', keepPrevious: '1h' },
          { serving },
        );
        expect(blueGreen.rollout).toMatchObject({ status: 'ready', weight: 0, steps: [], keep_previous_ms: 3_600_000, step_ends_at: null });
        const ab = await startRollout(
          ctx,
          { name: 'other', to: 'credit:1', strategy: 'ab', split: 20, stickyKey: 'header:X-User' },
          { serving },
        );
        expect(ab.rollout).toMatchObject({
          status: 'progressing',
          weight: 20,
          steps: [20],
          sticky_key: { kind: 'header', name: 'x-user' },
        });
      } finally {
        await ctx.close();
      }
    });

    it('refuses bad options and a bad candidate all at once, recording nothing', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        await registerTestVersion(ctx.store, 'other-inputs', ['a', 'b']);
        const { serving, events } = recordingCandidates(ctx);
        const refused = (input: Record<string, unknown>) =>
          startRollout(ctx, { name: 'credit-risk', to: undefined, ...input }, { serving });
        const error = await refused({ to: 'credit:2', strategy: 'canary', steps: [50, 20], split: 10 }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'invalid_rollout' });
        expect((error as { issues: { path: unknown[] }[] }).issues.map((i) => i.path.join('.'))).toEqual([
          'split',
          'steps.1',
          'steps.1',
          'to',
        ]);
        await expect(refused({ to: 'credit:9', strategy: 'canary' })).rejects.toMatchObject({
          code: 'invalid_rollout',
          issues: [{ path: ['to'], message: expect.stringContaining('no version 9') }],
        });
        await expect(refused({ to: 'model-other-inputs:1', strategy: 'canary' })).rejects.toMatchObject({
          issues: [{ path: ['to'], message: expect.stringContaining('does not read the same inputs as credit:2') }],
        });
        await expect(refused({ strategy: 'canary' })).rejects.toMatchObject({ issues: [{ path: ['to'], code: 'missing' }] });
        await expect(startRollout(ctx, { name: 'nope', to: 'credit:1', strategy: 'canary' }, { serving })).rejects.toMatchObject({
          code: 'deployment_not_found',
        });
        expect(events).toEqual([]);
        expect((await ctx.store.deployments.findByName('credit-risk'))!.revision).toBe(2);
        expect(await ctx.store.rollouts.listForDeployment('credit-risk')).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it('refuses a candidate that fails to load, answers non-numbers or has no snapshot, recording nothing and closing it', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const input = { name: 'credit-risk', to: 'credit:1', strategy: 'canary' };
        const unloadable = recordingCandidates(ctx, 'fails-to-load');
        await expect(startRollout(ctx, input, { serving: unloadable.serving })).rejects.toMatchObject({
          code: 'rollout_candidate_failed',
          message: expect.stringContaining('the runtime cannot load the artifact'),
        });
        const nan = recordingCandidates(ctx, 'answers-nan');
        await expect(startRollout(ctx, input, { serving: nan.serving })).rejects.toMatchObject({
          code: 'rollout_candidate_failed',
          message: expect.stringContaining('is not a number'),
        });
        expect(nan.events).toEqual(['prepare credit:1', 'discard credit:1']);
        // A version with no training snapshot cannot be asked anything before traffic goes to it.
        await registerTestVersion(ctx.store, 'bare', ['age']);
        const stable = (await ctx.store.deployments.findByName('credit-risk'))!;
        await ctx.store.deployments.update(stable.id, stable.revision, {
          versionId: 'bare',
          config: stable.config,
          actor: 't',
          at: stable.updatedAt,
        });
        await deploy(ctx, { name: 'bare-api', model: 'model-bare:1' });
        await registerTestVersion(ctx.store, 'bare2', ['age']);
        await expect(
          startRollout(ctx, { name: 'bare-api', to: 'model-bare2:1', strategy: 'canary' }, { serving: nan.serving }),
        ).rejects.toMatchObject({
          code: 'rollout_candidate_failed',
          message: expect.stringContaining('has no training snapshot'),
        });
        expect(await ctx.store.rollouts.listForDeployment('credit-risk')).toEqual([]);
        expect((await ctx.store.audit.list()).filter((e) => e.action.startsWith('rollout.'))).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it('refuses a second rollout, a deploy that would move the stable version, and a rollout beside an ensemble', async () => {
      const ctx = await testContext(factory);
      try {
        await rolloutDeployment(ctx);
        const { serving } = recordingCandidates(ctx);
        await startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'canary' }, { serving });
        await expect(startRollout(ctx, { name: 'credit-risk', to: 'credit:1', strategy: 'ab' }, { serving })).rejects.toMatchObject({
          code: 'rollout_in_progress',
        });
        await expect(deploy(ctx, { name: 'credit-risk', model: 'credit:1' })).rejects.toMatchObject({ code: 'rollout_in_progress' });
        await expect(deploy(ctx, { name: 'credit-risk', model: 'credit:2', config: { maxBatchSize: 8 } })).rejects.toMatchObject({
          code: 'rollout_in_progress',
        });
        // Deploying what is already deployed changes nothing, so it passes.
        expect((await deploy(ctx, { name: 'credit-risk', model: 'credit:2' })).changed).toBe(false);
        expect((await ctx.store.deployments.findByName('credit-risk'))!.revision).toBe(3);

        await deploy(ctx, { name: 'ensembled', model: 'credit:2' });
        const at = ctx.clock().toISOString();
        await changeRouting(ctx, 'ensembled', (current) => ({
          routing: {
            ensemble: {
              memberVersionIds: [current.versionId, current.versionId],
              combine: 'mean',
              maxSpread: null,
              onDisagreement: 'fallback',
              setAt: at,
              setBy: 't',
            },
          },
          action: 'ensemble.set',
          details: {},
        }));
        await expect(startRollout(ctx, { name: 'ensembled', to: 'credit:1', strategy: 'canary' }, { serving })).rejects.toMatchObject({
          code: 'invalid_rollout',
          message: expect.stringContaining('serves an ensemble'),
        });
      } finally {
        await ctx.close();
      }
    });
  });
}
