import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { DEMO_DEPLOYMENT, prepareDemo } from './demo.ts';
import { DEMO_ENSEMBLE_DEPLOYMENT, prepareDemoRouting, startDemoCanary } from './demo-rollouts.ts';
import { EXAMPLES, testContext } from './testing/test-context.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

describe('the demo of responsible deployment', () => {
  it('shadows @challenger, holds uncertain predictions for review and deploys the ensemble once; the canary is gated by the example file', async () => {
    const ctx = await testContext(factory);
    try {
      const examples = path.dirname(EXAMPLES);
      await prepareDemo(ctx, examples, () => {}, {
        codeRef: { ref: '0'.repeat(40), source: 'git commit' },
        importance: { sampleRows: 2, backgroundRows: 2 },
      });
      const lines: string[] = [];
      await prepareDemoRouting(ctx, (l) => lines.push(l));
      expect(lines).toHaveLength(3);
      const main = (await ctx.store.deployments.findByName(DEMO_DEPLOYMENT))!;
      const model = (await ctx.store.models.findByName(main.modelName))!;
      const challenger = (await ctx.store.aliases.find(model.id, 'challenger'))!;
      expect(main.routing.shadow).toMatchObject({ versionId: challenger.versionId, sample: 1 });
      expect(main.routing.review).toMatchObject({
        when: { kind: 'probability_between', low: 0.45, high: 0.55 },
        fallback: { kind: 'abstain' },
      });
      const ensemble = (await ctx.store.deployments.findByName(DEMO_ENSEMBLE_DEPLOYMENT))!;
      expect(ensemble.routing.ensemble).toMatchObject({ combine: 'mean', maxSpread: 0.25, onDisagreement: 'review' });
      expect(ensemble.routing.ensemble!.memberVersionIds).toHaveLength(2);

      await prepareDemoRouting(ctx, (l) => lines.push(l));
      expect(lines).toHaveLength(3);

      expect(await startDemoCanary(ctx, examples)).toMatch(/^started a canary of credit-risk:1 on credit-risk/);
      const rollout = (await ctx.store.deployments.findByName(DEMO_DEPLOYMENT))!.routing.rollout!;
      expect([rollout.strategy, rollout.steps, rollout.stepDurationMs, rollout.stickyKey]).toEqual([
        'canary',
        [20, 50, 100],
        60_000,
        { kind: 'field', name: 'applicant_id' },
      ]);
      expect(rollout.gateRules.map((r) => [r.name, r.signal, r.above])).toEqual([['candidate-inputs-drifted', 'drift.share', 0.3]]);
    } finally {
      await ctx.close();
    }
  });
});
