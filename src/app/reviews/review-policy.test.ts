import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { deployWithPredictions } from '../testing/deployed-predictions.ts';
import { testContext } from '../testing/test-context.ts';
import { clearReviewPolicy, setReviewPolicy, showReviewPolicy } from './review-policy.ts';

for (const factory of storeFactories()) {
  describe(`review policies (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('sets a policy as an audited routing change, resolving a label fallback to the class, and clears it', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, {});
        const set = await setReviewPolicy(ctx, 'credit', { when: ' max_probability < 0.6', fallback: 'label:0' });
        expect(set.revision).toBe(2);
        expect(set.routing.review).toEqual({
          when: { kind: 'max_probability_below', threshold: 0.6 },
          whenText: 'max_probability < 0.6',
          fallback: { kind: 'label', value: 0 },
          setAt: expect.any(String),
          setBy: 'tester',
        });
        expect((await showReviewPolicy(ctx, 'credit')).routing.review?.fallback).toEqual({ kind: 'label', value: 0 });
        const cleared = await clearReviewPolicy(ctx, 'credit');
        expect(cleared.routing.review).toBeUndefined();
        expect((await ctx.store.audit.list()).map((e) => [e.action, e.details.when])).toEqual([
          ['review.set', 'max_probability < 0.6'],
          ['review.clear', 'max_probability < 0.6'],
        ]);
        await expect(clearReviewPolicy(ctx, 'credit')).rejects.toMatchObject({ code: 'invalid_argument' });
      } finally {
        await ctx.close();
      }
    });

    it('refuses a policy that cannot be read or does not fit the model, writing nothing', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: ['no', 'yes'] }, {});
        await deployWithPredictions(ctx.store, 'price', { kind: 'regression' }, {});
        await expect(setReviewPolicy(ctx, 'credit', { when: 'confidence < 2', fallback: 'maybe' })).rejects.toMatchObject({
          code: 'invalid_review_policy',
          issues: [
            { code: 'invalid_format', path: ['when'] },
            { code: 'invalid_format', path: ['fallback'] },
          ],
        });
        await expect(setReviewPolicy(ctx, 'credit', { when: 'contract_flagged', fallback: 'label:perhaps' })).rejects.toMatchObject({
          code: 'invalid_review_policy',
          issues: [{ path: ['fallback'], message: expect.stringContaining('classes: no, yes') }],
        });
        await expect(setReviewPolicy(ctx, 'price', { when: 'max_probability < 0.6', fallback: 'abstain' })).rejects.toMatchObject({
          code: 'invalid_review_policy',
          issues: [{ path: ['when'] }],
        });
        await expect(setReviewPolicy(ctx, 'nope', { when: 'disagreement', fallback: 'stable' })).rejects.toMatchObject({
          code: 'deployment_not_found',
        });
        expect((await ctx.store.deployments.findByName('credit'))?.revision).toBe(1);
        expect(await ctx.store.audit.list()).toEqual([]);
        const price = await setReviewPolicy(ctx, 'price', { when: 'contract_flagged', fallback: 'label:12.5' });
        expect(price.routing.review?.fallback).toEqual({ kind: 'label', value: 12.5 });
      } finally {
        await ctx.close();
      }
    });
  });
}
