import { afterAll, describe, expect, it } from 'vitest';
import type { StoredModelCard } from '../core/model-cards/card-records.ts';
import { registerTestVersion, storeFactories } from './testing/test-stores.ts';

const card = (id: string, approvalId: string | null, createdAt: string): StoredModelCard => ({
  id,
  versionId: 'v1',
  approvalId,
  card: { schema_version: 'ballast.card/v1', nested: { list: [1, 'two', null], text: 'é ✓' } },
  sha256: 'e'.repeat(64),
  createdBy: 'ana',
  createdAt,
});

for (const factory of storeFactories()) {
  describe(`model card repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('saves a version’s annotations whole and reads them back; a second save replaces the first', async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['x']);
        expect(await store.modelCards.annotationsOf('v1')).toBeUndefined();
        const first = {
          versionId: 'v1',
          intendedUse: 'retail loans',
          outOfScope: ['mortgages', 'business loans'],
          limitations: ['thin files'],
          updatedBy: 'ana',
          updatedAt: '2026-11-25T12:00:00.000Z',
        };
        await store.modelCards.saveAnnotations(first);
        expect(await store.modelCards.annotationsOf('v1')).toEqual(first);
        const second = { ...first, intendedUse: null, outOfScope: [], updatedBy: 'bo', updatedAt: '2026-11-25T13:00:00.000Z' };
        await store.modelCards.saveAnnotations(second);
        expect(await store.modelCards.annotationsOf('v1')).toEqual(second);
      } finally {
        await store.close();
      }
    });

    it('stores card copies as given, finds them by id and by approval, and lists a version’s newest first', async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['x']);
        const older = card('c1', null, '2026-11-25T12:00:00.000Z');
        const newer = card('c2', 'a1', '2026-11-25T12:05:00.000Z');
        await store.modelCards.insertCard(older);
        await store.modelCards.insertCard(newer);
        expect(await store.modelCards.findCard('c1')).toEqual(older);
        expect(await store.modelCards.findCard('nope')).toBeUndefined();
        expect(await store.modelCards.findCardOfApproval('a1')).toEqual(newer);
        expect(await store.modelCards.findCardOfApproval('a2')).toBeUndefined();
        expect((await store.modelCards.listCardsOfVersion('v1')).map((c) => c.id)).toEqual(['c2', 'c1']);
        expect(await store.modelCards.listCardsOfVersion('v2')).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('writes inside a transaction only when it commits', async () => {
      const store = await factory.create();
      try {
        await registerTestVersion(store, 'v1', ['x']);
        await expect(
          store.transaction(async (tx) => {
            await tx.modelCards.insertCard(card('c9', null, '2026-11-25T12:00:00.000Z'));
            throw new Error('rolled back');
          }),
        ).rejects.toThrow('rolled back');
        expect(await store.modelCards.findCard('c9')).toBeUndefined();
      } finally {
        await store.close();
      }
    });
  });
}
