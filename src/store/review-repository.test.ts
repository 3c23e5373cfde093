import { afterAll, describe, expect, it } from 'vitest';
import type { ReviewItem } from '../core/reviews/review-item.ts';
import { storeFactories } from './testing/test-stores.ts';

function item(id: string, fields: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id,
    predictionId: `p-${id}`,
    deploymentName: 'credit',
    versionId: 'v1',
    modelName: 'credit',
    modelVersion: 1,
    role: 'stable',
    status: 'pending',
    reason: 'max probability 0.55 < 0.6',
    priority: -0.05,
    fallback: { kind: 'label', value: 'no' },
    inputs: { age: 41, purpose: 'car' },
    output: { label: 'yes', probabilities: [0.45, 0.55] },
    violations: [{ column: 'age', code: 'out_of_range', message: 'above 40' }],
    createdAt: '2026-11-25T12:00:00.000Z',
    decision: null,
    ...fields,
  };
}

for (const factory of storeFactories()) {
  describe(`ReviewRepository (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('stores items whole and lists them oldest first or by priority, filtered', async () => {
      const store = await factory.create();
      try {
        await store.reviews.insertMany([
          item('r1', { priority: -0.01 }),
          item('r2', { priority: -0.2, createdAt: '2026-11-25T12:00:01.000Z' }),
          item('r3', { deploymentName: 'churn', priority: -0.5, createdAt: '2026-11-25T12:00:02.000Z' }),
        ]);
        expect(await store.reviews.find('r1')).toEqual(item('r1', { priority: -0.01 }));
        expect(await store.reviews.find('nope')).toBeUndefined();
        const ids = async (q: Parameters<typeof store.reviews.list>[0]) => (await store.reviews.list(q)).map((i) => i.id);
        expect(await ids({ order: 'oldest', limit: 50 })).toEqual(['r1', 'r2', 'r3']);
        expect(await ids({ order: 'priority', limit: 50 })).toEqual(['r3', 'r2', 'r1']);
        expect(await ids({ order: 'priority', limit: 50, deployment: 'credit' })).toEqual(['r2', 'r1']);
        expect(await ids({ order: 'oldest', limit: 1 })).toEqual(['r1']);
        expect(await store.reviews.pendingCounts()).toEqual(
          new Map([
            ['credit', 2],
            ['churn', 1],
          ]),
        );
        expect(await store.reviews.pendingCounts('churn')).toEqual(new Map([['churn', 1]]));
      } finally {
        await store.close();
      }
    });

    it('decides an item once: a second decision changes nothing', async () => {
      const store = await factory.create();
      try {
        await store.reviews.insertMany([item('r1'), item('r2')]);
        const decision = { label: 'no', note: 'income verified', decidedBy: 'rita', decidedAt: '2026-11-25T13:00:00.000Z' };
        expect(await store.reviews.decide('r1', decision)).toBe(true);
        expect(await store.reviews.decide('r1', { ...decision, label: 'yes', decidedBy: 'sam' })).toBe(false);
        expect(await store.reviews.find('r1')).toEqual(item('r1', { status: 'decided', decision }));
        expect((await store.reviews.list({ order: 'oldest', limit: 50, status: 'pending' })).map((i) => i.id)).toEqual(['r2']);
        expect((await store.reviews.list({ order: 'oldest', limit: 50, status: 'decided' })).map((i) => i.id)).toEqual(['r1']);
        expect(await store.reviews.decide('r2', { label: 3.5, note: null, decidedBy: 'rita', decidedAt: 'x' })).toBe(true);
        expect((await store.reviews.find('r2'))?.decision).toEqual({ label: 3.5, note: null, decidedBy: 'rita', decidedAt: 'x' });
        expect(await store.reviews.pendingCounts()).toEqual(new Map());
      } finally {
        await store.close();
      }
    });

    it('keeps where a label came from', async () => {
      const store = await factory.create();
      try {
        const base = { deploymentName: 'credit', receivedAt: 't', actor: 'a' };
        await store.feedback.insertMany([
          { ...base, id: 'f1', predictionId: 'p1', label: 'no' },
          { ...base, id: 'f2', predictionId: 'p2', label: 'yes', source: 'review' },
        ]);
        const current = await store.feedback.current(['p1', 'p2']);
        expect(current.get('p1')?.source).toBeUndefined();
        expect(current.get('p2')?.source).toBe('review');
      } finally {
        await store.close();
      }
    });
  });
}
