import { afterAll, describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../core/reviews/review-item.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { deployWithPredictions } from '../testing/deployed-predictions.ts';
import { testContext } from '../testing/test-context.ts';
import { decideReview, getReview, listReviews } from './reviews.ts';

function item(id: string, deployment: string, fields: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id,
    predictionId: `p-${id}`,
    deploymentName: deployment,
    versionId: `v-${deployment}`,
    modelName: deployment,
    modelVersion: 1,
    role: 'stable',
    status: 'pending',
    reason: 'r',
    priority: 0,
    fallback: { kind: 'abstain' },
    inputs: { x: 1 },
    output: {},
    violations: [],
    createdAt: '2026-11-25T11:00:00.000Z',
    decision: null,
    ...fields,
  };
}

for (const factory of storeFactories()) {
  describe(`reviews (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('a decision is final, audited, and the prediction’s label from review in the same transaction', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: [0, 1] }, { 'p-r1': null, 'p-r2': null });
        await ctx.store.reviews.insertMany([item('r1', 'credit'), item('r2', 'credit')]);
        const decided = await decideReview(ctx, 'r1', { label: '1', note: ' called the bank ' });
        expect(decided.classes).toEqual([0, 1]);
        expect(decided.item.decision).toEqual({ label: 1, note: 'called the bank', decidedBy: 'tester', decidedAt: expect.any(String) });
        expect((await getReview(ctx, 'r1')).item).toEqual(decided.item);
        const label = (await ctx.store.feedback.current(['p-r1'])).get('p-r1');
        expect(label).toMatchObject({ label: 1, source: 'review', actor: 'tester', deploymentName: 'credit' });
        expect((await ctx.store.audit.list()).map((e) => [e.action, e.objectId, e.details.label])).toEqual([['review.decide', 'r1', 1]]);

        await expect(decideReview(ctx, 'r1', { label: 0 })).rejects.toMatchObject({
          code: 'review_already_decided',
          message: expect.stringContaining('by tester'),
        });
        await expect(decideReview(ctx, 'r2', { label: 'maybe' })).rejects.toMatchObject({ code: 'unknown_label' });
        await expect(decideReview(ctx, 'nope', { label: 1 })).rejects.toMatchObject({ code: 'review_not_found' });
        await expect(getReview(ctx, 'nope')).rejects.toMatchObject({ code: 'review_not_found' });
        // Nothing of the refused decisions was written.
        expect((await ctx.store.feedback.history('p-r1')).length).toBe(1);
        expect(await ctx.store.feedback.history('p-r2')).toEqual([]);
        expect((await getReview(ctx, 'r2')).item.status).toBe('pending');
        expect((await ctx.store.audit.list()).length).toBe(1);
      } finally {
        await ctx.close();
      }
    });

    it('two reviewers deciding one item at once: exactly one wins', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: ['no', 'yes'] }, { 'p-r1': null });
        await ctx.store.reviews.insertMany([item('r1', 'credit')]);
        const results = await Promise.allSettled([
          decideReview({ ...ctx, actor: 'ana' }, 'r1', { label: 'no' }),
          decideReview({ ...ctx, actor: 'ben' }, 'r1', { label: 'yes' }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
        expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'review_already_decided' } });
        expect((await ctx.store.feedback.history('p-r1')).length).toBe(1);
      } finally {
        await ctx.close();
      }
    });

    it('regressors take a finite number', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'price', { kind: 'regression' }, { 'p-r1': null });
        await ctx.store.reviews.insertMany([item('r1', 'price')]);
        await expect(decideReview(ctx, 'r1', { label: 'cheap' })).rejects.toMatchObject({ code: 'unknown_label' });
        await expect(decideReview(ctx, 'r1', { label: Number.POSITIVE_INFINITY })).rejects.toMatchObject({ code: 'unknown_label' });
        expect((await decideReview(ctx, 'r1', { label: '12.5' })).item.decision?.label).toBe(12.5);
        expect((await getReview(ctx, 'r1')).classes).toBeNull();
      } finally {
        await ctx.close();
      }
    });

    it('lists by deployment and status, oldest first or by priority, with the pending count', async () => {
      const ctx = await testContext(factory);
      try {
        await deployWithPredictions(ctx.store, 'credit', { kind: 'binary', classes: ['no', 'yes'] }, {});
        await ctx.store.reviews.insertMany([
          item('r1', 'credit', { priority: -0.1 }),
          item('r2', 'credit', { priority: -0.3, createdAt: '2026-11-25T11:00:01.000Z' }),
          item('r3', 'churn', { createdAt: '2026-11-25T11:00:02.000Z' }),
        ]);
        const ids = (l: Awaited<ReturnType<typeof listReviews>>) => l.reviews.map((r) => r.item.id);
        const all = await listReviews(ctx, {});
        expect([ids(all), all.pending]).toEqual([['r1', 'r2', 'r3'], 3]);
        expect(all.reviews[0]!.classes).toEqual(['no', 'yes']);
        expect(all.reviews[2]!.classes).toBeNull(); // churn's version is not registered
        const credit = await listReviews(ctx, { deployment: 'credit', order: 'priority', limit: 1 });
        expect([ids(credit), credit.pending]).toEqual([['r2'], 2]);
        expect(ids(await listReviews(ctx, { status: 'decided' }))).toEqual([]);
        for (const bad of [{ limit: 0 }, { limit: 501 }, { status: 'open' }, { order: 'newest' }])
          await expect(listReviews(ctx, bad)).rejects.toMatchObject({ code: 'invalid_argument' });
      } finally {
        await ctx.close();
      }
    });
  });
}
