import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeploymentRouting } from '../../core/rollouts/deployment-routing.ts';
import { storeFactories, type StoreFactory } from '../../store/testing/test-stores.ts';
import { deploy } from '../deployments.ts';
import { registerModel } from '../register-model.ts';
import { changeRouting } from '../routing-change.ts';
import { EXAMPLES, testContext } from '../testing/test-context.ts';
import { clearEnsemble, setEnsemble, showEnsemble } from './set-ensemble.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures');

async function credit(factory: StoreFactory) {
  const ctx = await testContext(factory);
  await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
  await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
  await registerModel(ctx, { name: 'prices', modelFile: path.join(FIXTURES, 'lightgbm/regression.txt') });
  await deploy(ctx, { name: 'credit', model: 'credit:2' });
  return ctx;
}

/** Sets routing beside the ensemble's, as another part (a review policy, a rollout) would. */
async function route(ctx: Awaited<ReturnType<typeof credit>>, routing: (current: DeploymentRouting) => DeploymentRouting) {
  await changeRouting(ctx, 'credit', (current) => ({ routing: routing(current.routing), action: 'test.route', details: {} }));
}

for (const factory of storeFactories()) {
  describe(`ensembles on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('sets an ensemble as one audited revision whose version is the first member, shows it, and clears it back to that member', async () => {
      const ctx = await credit(factory);
      try {
        await route(ctx, (r) => ({
          ...r,
          review: {
            when: { kind: 'disagreement' },
            whenText: 'disagreement',
            fallback: { kind: 'abstain' },
            setAt: '2026-11-25T12:00:00.000Z',
            setBy: 'ann',
          },
        }));
        const { deployment, previous } = await setEnsemble(ctx, 'credit', {
          members: ['credit:1', 'credit:2'],
          combine: 'vote',
          maxSpread: 0.2,
          onDisagreement: 'review',
        });
        expect(deployment.revision).toBe(previous.revision + 1);
        expect(deployment.modelVersion).toBe(1); // the first member answers for the signature and contract
        expect(deployment.routing.review?.whenText).toBe('disagreement'); // the rest of the routing stays
        expect(deployment.routing.ensemble).toMatchObject({ combine: 'vote', maxSpread: 0.2, onDisagreement: 'review', setBy: 'tester' });
        const stored = await ctx.store.deployments.findByName('credit');
        expect(stored?.routing.ensemble?.memberVersionIds).toEqual([stored!.versionId, previous.versionId]);

        const shown = await showEnsemble(ctx, 'credit');
        expect(shown.ensemble?.members.map((v) => `${v.modelName}:${v.version}`)).toEqual(['credit:1', 'credit:2']);

        const cleared = await clearEnsemble(ctx, 'credit');
        expect(cleared.deployment.routing.ensemble).toBeUndefined();
        expect(cleared.deployment.routing.review).toBeDefined();
        expect(cleared.deployment.modelVersion).toBe(1);
        expect((await showEnsemble(ctx, 'credit')).ensemble).toBeNull();

        const audit = (await ctx.store.audit.list()).filter((e) => e.action.startsWith('ensemble.'));
        expect(audit.map((e) => [e.action, e.objectId])).toEqual([
          ['ensemble.set', 'credit'],
          ['ensemble.clear', 'credit'],
        ]);
        expect(audit[0]!.details).toMatchObject({
          members: ['credit:1', 'credit:2'],
          combine: 'vote',
          max_spread: 0.2,
          on_disagreement: 'review',
        });
      } finally {
        await ctx.close();
      }
    });

    it('names every problem at once and changes nothing', async () => {
      const ctx = await credit(factory);
      try {
        const before = await ctx.store.deployments.findByName('credit');
        const error = await setEnsemble(ctx, 'credit', {
          members: ['credit:1', 'nosuch:1', 'credit@latest', 'credit:1', 'prices:1'],
          combine: 'median',
          maxSpread: 1.5,
          onDisagreement: 'review',
        }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'invalid_ensemble' });
        const issues = (error as { issues: { code: string; path: (string | number)[]; message: string }[] }).issues;
        expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
          ['invalid_value', 'members.1'],
          ['invalid_value', 'members.2'],
          ['duplicate', 'members.3'],
          ['invalid_value', 'members.4'],
          ['invalid_value', 'members.4'],
          ['invalid_value', 'combine'],
          ['invalid_value', 'max_spread'],
          ['missing', 'on_disagreement'],
        ]);
        expect(issues[3]!.message).toMatch(/prices:1 reads other inputs than credit:1/);
        expect(issues[4]!.message).toBe('prices:1 is a regression model, credit:1 a binary one');
        expect(await ctx.store.deployments.findByName('credit')).toEqual(before);
        expect((await ctx.store.audit.list()).some((e) => e.action === 'ensemble.set')).toBe(false);
      } finally {
        await ctx.close();
      }
    });

    it('refuses one member, a vote of regressors, an ensemble during a rollout, and clearing none', async () => {
      const ctx = await credit(factory);
      try {
        await expect(setEnsemble(ctx, 'credit', { members: ['credit:1'], combine: 'mean' })).rejects.toMatchObject({
          code: 'invalid_ensemble',
          issues: [{ code: 'too_small', path: ['members'] }],
        });
        await registerModel(ctx, { name: 'prices', modelFile: path.join(FIXTURES, 'lightgbm/regression_l1.txt') });
        await deploy(ctx, { name: 'prices', model: 'prices:1' });
        await expect(
          setEnsemble(ctx, 'prices', { members: ['prices:1', 'prices:2'], combine: 'vote', maxSpread: 3 }),
        ).rejects.toMatchObject({
          issues: [{ code: 'unsupported', path: ['combine'] }],
        });
        // A regressor's spread is in its values' units, not a probability.
        expect(
          (await setEnsemble(ctx, 'prices', { members: ['prices:1', 'prices:2'], combine: 'mean', maxSpread: 3 })).deployment.routing
            .ensemble?.maxSpread,
        ).toBe(3);

        const stable = (await ctx.store.deployments.findByName('credit'))!;
        await route(ctx, (r) => ({
          ...r,
          rollout: {
            id: '01ROLLOUT',
            strategy: 'canary',
            candidateVersionId: stable.versionId,
            status: 'progressing',
            steps: [10, 100],
            stepIndex: 0,
            stepStartedAt: '2026-11-25T12:00:00.000Z',
            stepDurationMs: 600_000,
            weight: 10,
            stickyKey: null,
            gateRules: [],
            keepPreviousMs: 0,
            switchedAt: null,
            previousVersionId: null,
            startedAt: '2026-11-25T12:00:00.000Z',
            startedBy: 'ann',
          },
        }));
        await expect(setEnsemble(ctx, 'credit', { members: ['credit:1', 'credit:2'], combine: 'mean' })).rejects.toMatchObject({
          code: 'invalid_ensemble',
          issues: [{ code: 'unsupported', path: [], message: expect.stringContaining('canary rollout running') }],
        });
        await expect(clearEnsemble(ctx, 'credit')).rejects.toMatchObject({ code: 'invalid_ensemble' });
        await expect(setEnsemble(ctx, 'nowhere', { members: ['credit:1', 'credit:2'], combine: 'mean' })).rejects.toMatchObject({
          code: 'deployment_not_found',
        });
      } finally {
        await ctx.close();
      }
    });
  });
}
