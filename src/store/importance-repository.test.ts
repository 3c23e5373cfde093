import { afterAll, describe, expect, it } from 'vitest';
import type { GlobalImportance } from '../core/explain/global-importance.ts';
import { registerTestVersion, storeFactories } from './testing/test-stores.ts';

function importance(versionId: string, seed: number, computedAt: string): GlobalImportance {
  return {
    versionId,
    method: 'exact_shapley',
    space: 'probability',
    sampleRows: 200,
    seed,
    // A value with no short decimal form: it must read back bit for bit.
    features: [
      { feature: 'income', importance: 0.1 / 3, rank: 1 },
      { feature: 'age', importance: 1e-9, rank: 2 },
      { feature: 'dti', importance: 0, rank: 3 },
    ],
    computedAt,
  };
}

for (const factory of storeFactories()) {
  describe(`importance repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('reads back what was saved, most important first, and nothing for a version without one', async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['income', 'age', 'dti']);
        expect(await store.importance.findByVersion('v1')).toBeUndefined();
        await store.importance.save(importance('v1', 7, '2026-12-07T12:00:00.000Z'));
        expect(await store.importance.findByVersion('v1')).toEqual(importance('v1', 7, '2026-12-07T12:00:00.000Z'));
        expect(await store.importance.findByVersion('v2')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('keeps one computation per version: a second save replaces the first', async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['income', 'age', 'dti']);
        await registerTestVersion(store, 'v2', ['income', 'age', 'dti']);
        await store.importance.save(importance('v1', 1, '2026-12-07T12:00:00.000Z'));
        await store.importance.save(importance('v2', 2, '2026-12-07T12:00:01.000Z'));
        await store.transaction((tx) => tx.importance.save(importance('v1', 3, '2026-12-07T12:00:02.000Z')));
        expect(await store.importance.findByVersion('v1')).toEqual(importance('v1', 3, '2026-12-07T12:00:02.000Z'));
        expect(await store.importance.findByVersion('v2')).toEqual(importance('v2', 2, '2026-12-07T12:00:01.000Z'));
        const count = await store.db
          .selectFrom('version_importance')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst();
        expect(Number(count!.n)).toBe(2);
      } finally {
        await store.close();
      }
    });
  });
}
