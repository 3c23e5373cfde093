import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/testing/test-stores.ts';
import { deploy } from './deployments.ts';
import { registerModel } from './register-model.ts';
import { changeRouting } from './routing-change.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const shadow = (versionId: string, at: string) => ({ shadow: { versionId, sample: 0.5, startedAt: at, startedBy: 'tester' } });

for (const factory of storeFactories()) {
  describe(`changeRouting on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    async function deployed() {
      const ctx = await testContext(factory);
      await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
      await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
      const { deployment } = await deploy(ctx, { name: 'credit-risk', model: 'credit:1' });
      const v2 = (await ctx.store.versions.find((await ctx.store.models.findByName('credit'))!.id, 2))!;
      return { ctx, deployment, v2 };
    }

    it('moves the routing (and the stable version when asked) as a new audited revision, served by the loader', async () => {
      const { ctx, deployment, v2 } = await deployed();
      try {
        const applied: number[] = [];
        const { deployment: moved, previous } = await changeRouting(
          ctx,
          'credit-risk',
          (current) => ({ routing: shadow(v2.id, 'now'), action: 'shadow.start', details: { from: current.revision } }),
          { apply: async (d) => void applied.push(d.revision) },
        );
        expect([previous.revision, moved.revision, applied]).toEqual([1, 2, [2]]);
        expect(moved.routing).toEqual(shadow(v2.id, 'now'));
        expect(moved.versionId).toBe(deployment.versionId);
        const promoted = await changeRouting(ctx, 'credit-risk', () => ({
          versionId: v2.id,
          routing: {},
          action: 'rollout.promote',
          details: {},
        }));
        expect([promoted.deployment.modelVersion, promoted.deployment.routing]).toEqual([2, {}]);
        const revisions = await ctx.store.deployments.revisions(deployment.id);
        expect(revisions.map((r) => [r.revision, r.modelVersion, r.routing])).toEqual([
          [3, 2, {}],
          [2, 1, shadow(v2.id, 'now')],
          [1, 1, {}],
        ]);
        const audit = (await ctx.store.audit.list()).slice(-2);
        expect(audit.map((e) => [e.action, e.objectId, e.details])).toEqual([
          ['shadow.start', 'credit-risk', { from: 1, revision: 2 }],
          ['rollout.promote', 'credit-risk', { revision: 3 }],
        ]);
      } finally {
        await ctx.close();
      }
    });

    it('fails with `conflict` and writes nothing when the revision it read is stale by the time it writes', async () => {
      const { ctx, deployment, v2 } = await deployed();
      try {
        const auditBefore = (await ctx.store.audit.list()).length;
        const error = await changeRouting(ctx, 'credit-risk', async (current, tx) => {
          // Another writer moves the deployment between this change's read and its compare-and-set.
          await tx.deployments.update(current.id, current.revision, { versionId: v2.id, config: current.config, actor: 'other', at: 'x' });
          await tx.rollouts.insert({
            id: 'r-written-by-decide',
            deployment: 'credit-risk',
            strategy: 'canary',
            candidateVersionId: v2.id,
            candidate: { name: 'credit', version: 2 },
            stableVersionId: current.versionId,
            stable: { name: 'credit', version: 1 },
            options: {},
            startedAt: 'x',
            startedBy: 'tester',
            endedAt: null,
            endedBy: null,
            outcome: null,
            reason: null,
          });
          return { routing: shadow(v2.id, 'now'), action: 'shadow.start', details: {} };
        }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'conflict' });
        const after = (await ctx.store.deployments.findByName('credit-risk'))!;
        expect([after.revision, after.versionId, after.routing]).toEqual([1, deployment.versionId, {}]);
        expect(await ctx.store.rollouts.findById('r-written-by-decide')).toBeUndefined();
        expect((await ctx.store.audit.list()).length).toBe(auditBefore);
      } finally {
        await ctx.close();
      }
    });

    it('writes nothing, its own rows included, when `decide` refuses by throwing; the loader is not called', async () => {
      const { ctx, v2 } = await deployed();
      try {
        const auditBefore = (await ctx.store.audit.list()).length;
        const applied: number[] = [];
        await expect(
          changeRouting(
            ctx,
            'credit-risk',
            async (current, tx) => {
              await tx.rollouts.insert({
                id: 'r-refused',
                deployment: current.name,
                strategy: 'ab',
                candidateVersionId: v2.id,
                candidate: { name: 'credit', version: 2 },
                stableVersionId: current.versionId,
                stable: { name: 'credit', version: 1 },
                options: {},
                startedAt: 'x',
                startedBy: 'tester',
                endedAt: null,
                endedBy: null,
                outcome: null,
                reason: null,
              });
              throw new Error('refused after writing');
            },
            { apply: async (d) => void applied.push(d.revision) },
          ),
        ).rejects.toThrow('refused after writing');
        expect((await ctx.store.deployments.findByName('credit-risk'))!.revision).toBe(1);
        expect(await ctx.store.rollouts.findById('r-refused')).toBeUndefined();
        expect((await ctx.store.audit.list()).length).toBe(auditBefore);
        expect(applied).toEqual([]);
        await expect(changeRouting(ctx, 'nope', () => ({ routing: {}, action: 'x', details: {} }))).rejects.toMatchObject({
          code: 'deployment_not_found',
        });
      } finally {
        await ctx.close();
      }
    });
  });
}
