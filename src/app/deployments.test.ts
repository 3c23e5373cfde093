import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../store/testing/test-stores.ts';
import { deploy, deploymentHistory, deploymentViolations, getDeployment } from './deployments.ts';
import { registerModel } from './register-model.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

for (const factory of storeFactories()) {
  describe(`deployments on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('creates, moves atomically with a revision history, and audits every change', async () => {
      const ctx = await testContext(factory);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json'), alias: 'champion' });
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
        const created = await deploy(ctx, { name: 'credit-api', model: 'credit@champion' });
        expect(created.deployment).toMatchObject({ modelVersion: 1, revision: 1, config: { maxBatchSize: 64, maxDelayMs: 5 } });
        const unchanged = await deploy(ctx, { name: 'credit-api', model: 'credit:1' });
        expect(unchanged.changed).toBe(false);
        const moved = await deploy(ctx, { name: 'credit-api', model: 'credit:2', config: { maxBatchSize: 16 } });
        expect(moved.deployment).toMatchObject({ modelVersion: 2, revision: 2, config: { maxBatchSize: 16, maxDelayMs: 5 } });
        const { history } = await deploymentHistory(ctx, 'credit-api');
        expect(history.map((h) => [h.revision, h.modelVersion])).toEqual([
          [2, 2],
          [1, 1],
        ]);
        const actions = (await ctx.store.audit.list()).map((e) => e.action);
        expect(actions.slice(-2)).toEqual(['deployment.create', 'deployment.update']);
        await expect(getDeployment(ctx, 'nope')).rejects.toMatchObject({ code: 'deployment_not_found' });
        await expect(deploy(ctx, { name: 'x', model: 'credit:9' })).rejects.toMatchObject({ code: 'version_not_found' });
        await expect(deploy(ctx, { name: 'x', model: 'credit:1', config: { maxBatchSize: 0 } })).rejects.toMatchObject({
          code: 'invalid_argument',
        });
        expect((await ctx.store.deployments.list()).map((d) => d.name)).toEqual(['credit-api']);
      } finally {
        await ctx.close();
      }
    });

    it('loads the deployed version on a serving process before returning', async () => {
      const ctx = await testContext(factory);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
        const loaded: string[] = [];
        const result = await deploy(
          ctx,
          { name: 'served', model: 'credit:1' },
          { apply: async (d) => void loaded.push(`${d.name}@${d.revision}`) },
        );
        expect(loaded).toEqual(['served@1']);
        expect(result.deployment.revision).toBe(1);
        await expect(
          deploy(ctx, { name: 'served', model: 'credit:7' }, { apply: async () => void loaded.push('never') }),
        ).rejects.toMatchObject({ code: 'version_not_found' });
        expect(loaded).toEqual(['served@1']);
      } finally {
        await ctx.close();
      }
    });

    it("counts a deployment's contract violations over a range that defaults to the last day", async () => {
      const ctx = await testContext(factory);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
        await deploy(ctx, { name: 'guarded', model: 'credit:1' });
        // The test clock reads 2026-11-25T12:00:xx.
        await ctx.store.contracts.addViolationCounts([
          {
            deployment: 'guarded',
            windowStart: '2026-11-25T11:59:00.000Z',
            column: 'age',
            code: 'out_of_range',
            policy: 'reject',
            count: 2,
          },
          {
            deployment: 'guarded',
            windowStart: '2026-11-23T10:00:00.000Z',
            column: 'age',
            code: 'out_of_range',
            policy: 'reject',
            count: 5,
          },
        ]);
        const lastDay = await deploymentViolations(ctx, 'guarded');
        expect(lastDay.windows).toEqual([
          { windowStart: '2026-11-25T11:59:00.000Z', column: 'age', code: 'out_of_range', policy: 'reject', count: 2 },
        ]);
        expect(Date.parse(lastDay.to) - Date.parse(lastDay.from)).toBe(24 * 60 * 60 * 1000);
        const all = await deploymentViolations(ctx, 'guarded', { from: '2026-11-01T00:00:00Z', to: '2026-11-26T00:00:00Z' });
        expect(all.windows.map((w) => w.count)).toEqual([5, 2]);
        await expect(
          deploymentViolations(ctx, 'guarded', { from: '2026-11-26T00:00:00Z', to: '2026-11-01T00:00:00Z' }),
        ).rejects.toMatchObject({ code: 'invalid_argument', issues: [{ code: 'invalid_value', path: ['from'] }] });
        await expect(deploymentViolations(ctx, 'nope')).rejects.toMatchObject({ code: 'deployment_not_found' });
      } finally {
        await ctx.close();
      }
    });

    it('keeps a log sample rate across moves, counts a new rate as a change, and refuses a bad one', async () => {
      const ctx = await testContext(factory);
      try {
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.xgb.json') });
        await registerModel(ctx, { name: 'credit', modelFile: path.join(EXAMPLES, 'model.lgb.txt') });
        expect((await deploy(ctx, { name: 'sampled', model: 'credit:1' })).deployment.config.logSampleRate).toBe(1);
        const sampled = await deploy(ctx, { name: 'sampled', model: 'credit:1', config: { logSampleRate: 0.1 } });
        expect(sampled).toMatchObject({ changed: true, deployment: { revision: 2, config: { logSampleRate: 0.1 } } });
        expect((await deploy(ctx, { name: 'sampled', model: 'credit:1', config: { logSampleRate: 0.1 } })).changed).toBe(false);
        // Moving to another version without naming the rate keeps it.
        expect((await deploy(ctx, { name: 'sampled', model: 'credit:2' })).deployment.config.logSampleRate).toBe(0.1);
        const { history } = await deploymentHistory(ctx, 'sampled');
        expect(history.map((h) => [h.revision, h.config.logSampleRate])).toEqual([
          [3, 0.1],
          [2, 0.1],
          [1, 1],
        ]);
        await expect(deploy(ctx, { name: 'sampled', model: 'credit:2', config: { logSampleRate: 0 } })).rejects.toMatchObject({
          code: 'invalid_argument',
          issues: [{ path: ['logSampleRate'] }],
        });
        expect((await getDeployment(ctx, 'sampled')).revision).toBe(3);
      } finally {
        await ctx.close();
      }
    });
  });
}
