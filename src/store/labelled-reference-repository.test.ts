import { afterAll, describe, expect, it } from 'vitest';
import type { LabelledReference } from './labelled-reference-repository.ts';
import { registerTestVersion, storeFactories } from './testing/test-stores.ts';

function reference(id: string, rows: number, offset = 0): LabelledReference {
  return {
    versionId: 'v1',
    id,
    classes: ['no', 'yes'],
    labelColumn: 'default',
    source: '/data/holdout.csv',
    sourceSha256: 'a'.repeat(64),
    rows,
    labels: Int32Array.from({ length: rows }, (_, i) => (i + offset) % 2),
    predictions: Int32Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    // Values with no short decimal form: they must read back bit for bit.
    scores: [
      Float64Array.from({ length: rows }, (_, i) => 1 - (i + 0.1) / 7 / rows),
      Float64Array.from({ length: rows }, (_, i) => (i + 0.1) / 7 / rows),
    ],
    createdBy: 'tester',
    createdAt: '2026-11-25T12:00:00.000Z',
  };
}

for (const factory of storeFactories()) {
  describe(`labelled reference repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('reads back the rows exactly, and the summary without them', async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['x']);
        expect(await store.labelledReferences.find('v1')).toBeUndefined();
        expect(await store.labelledReferences.replace(reference('r1', 1001))).toBeUndefined();
        const found = await store.labelledReferences.find('v1');
        expect(found).toEqual(reference('r1', 1001));
        expect(found!.scores[1]).toBeInstanceOf(Float64Array);
        const { labels: _l, predictions: _p, scores: _s, ...summary } = reference('r1', 1001);
        expect(await store.labelledReferences.findSummary('v1')).toEqual(summary);
        expect(await store.labelledReferences.findSummary('v2')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('keeps one reference per version: a second replaces the first and answers it', async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['x']);
        await store.labelledReferences.replace(reference('r1', 10));
        const previous = await store.labelledReferences.replace(reference('r2', 20, 1));
        expect(previous).toMatchObject({ id: 'r1', rows: 10 });
        expect(await store.labelledReferences.find('v1')).toEqual(reference('r2', 20, 1));
        const count = await store.db
          .selectFrom('labelled_references')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst();
        expect(Number(count!.n)).toBe(1);
      } finally {
        await store.close();
      }
    });
  });
}
