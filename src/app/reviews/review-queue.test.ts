import { afterAll, describe, expect, it } from 'vitest';
import type { ReviewPolicy } from '../../core/rollouts/deployment-routing.ts';
import type { DeploymentRecord } from '../../core/serving-records.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import type { AnsweredRows } from '../serving/serving-extensions.ts';
import { testContext } from '../testing/test-context.ts';
import { createReviewQueue } from './review-queue.ts';

const policy: ReviewPolicy = {
  when: { kind: 'max_probability_below', threshold: 0.6 },
  whenText: 'max_probability < 0.6',
  fallback: { kind: 'abstain' },
  setAt: 't',
  setBy: 'ana',
};

function answered(review: ReviewPolicy | undefined, probabilities: number[]): AnsweredRows {
  const deployment = { id: 'd1', name: 'credit', routing: review ? { review } : {} } as unknown as DeploymentRecord;
  const version = { id: 'v2', modelName: 'credit', version: 2 } as unknown as ModelVersionRecord;
  return {
    deployment,
    version,
    role: 'canary',
    ids: probabilities.map((_, i) => `p${i}`),
    inputs: probabilities.map((_, i) => ({ age: 30 + i })),
    records: probabilities.map((p) => ({ label: p >= 0.5 ? 'yes' : 'no', probabilities: [1 - p, p] })),
    flags: probabilities.map((_, i) => (i === 1 ? [{ column: 'age', code: 'out_of_range', message: 'm' }] : undefined)),
    requestId: 'r1',
    startedAt: 0,
    answeredAt: 0,
  };
}

for (const factory of storeFactories()) {
  describe(`review queue (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('holds the rows the policy meets and has stored their items when it resolves', async () => {
      const ctx = await testContext(factory);
      try {
        const queue = createReviewQueue(ctx);
        const holds = await queue.hold(answered(policy, [0.9, 0.55, 0.2, 0.48]));
        expect(holds.map((h) => h?.reason)).toEqual([undefined, 'max probability 0.55 < 0.6', undefined, 'max probability 0.52 < 0.6']);
        expect(holds[1]).toMatchObject({ fallback: { kind: 'abstain' } });
        const stored = await ctx.store.reviews.list({ order: 'priority', limit: 10 });
        expect(stored.map((i) => [i.id, i.predictionId])).toEqual([
          [holds[3]!.id, 'p3'],
          [holds[1]!.id, 'p1'],
        ]);
        expect(stored[1]).toMatchObject({
          deploymentName: 'credit',
          versionId: 'v2',
          modelName: 'credit',
          modelVersion: 2,
          role: 'canary',
          status: 'pending',
          inputs: { age: 31 },
          output: { label: 'yes', probabilities: [1 - 0.55, 0.55] },
          violations: [{ column: 'age', code: 'out_of_range' }],
          fallback: { kind: 'abstain' },
          decision: null,
        });
      } finally {
        await ctx.close();
      }
    });

    it("holds the rows an ensemble's members disagree on when the ensemble sends disagreements to review, whatever the policy's condition", async () => {
      const ctx = await testContext(factory);
      try {
        const queue = createReviewQueue(ctx);
        const rows = (onDisagreement: 'review' | 'fallback') => {
          const base = answered(policy, [0.9, 0.95, 0.55]);
          const ensemble = { memberVersionIds: ['v1', 'v2'], combine: 'mean', maxSpread: 0.2, onDisagreement, setAt: 't', setBy: 'ana' };
          return {
            ...base,
            deployment: { ...base.deployment, routing: { review: policy, ensemble } } as DeploymentRecord,
            disagreement: [false, true, true],
          };
        };
        expect((await queue.hold(rows('review'))).map((h) => h?.reason)).toEqual([
          undefined,
          'ensemble members disagree',
          'max probability 0.55 < 0.6',
        ]);
        expect((await queue.hold(rows('fallback'))).map((h) => h?.reason)).toEqual([undefined, undefined, 'max probability 0.55 < 0.6']);
      } finally {
        await ctx.close();
      }
    });

    it('holds nothing and writes nothing without a policy or when no row meets it', async () => {
      const ctx = await testContext(factory);
      try {
        const queue = createReviewQueue(ctx);
        expect(await queue.hold(answered(undefined, [0.55]))).toEqual([undefined]);
        expect(await queue.hold(answered(policy, [0.95, 0.05]))).toEqual([undefined, undefined]);
        expect(await ctx.store.reviews.list({ order: 'oldest', limit: 10 })).toEqual([]);
      } finally {
        await ctx.close();
      }
    });

    it('rejects when the items cannot be stored, so no review id is promised', async () => {
      const ctx = await testContext(factory);
      const queue = createReviewQueue(ctx);
      await ctx.close();
      await expect(queue.hold(answered(policy, [0.55]))).rejects.toThrow();
    });
  });
}
