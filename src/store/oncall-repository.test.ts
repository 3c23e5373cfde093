import { afterAll, describe, expect, it } from 'vitest';
import type { PageRecord } from './oncall-repository.ts';
import { storeFactories } from './testing/test-stores.ts';

const page = (id: string, incidentId: string, level: number, at: string): PageRecord => ({
  id,
  incidentId,
  deployment: 'credit',
  schedule: 'ml',
  level,
  person: 'ann',
  receiver: 'ann-pager',
  status: 'sending',
  reason: null,
  at,
  schedulesVersion: 1,
});

for (const factory of storeFactories()) {
  describe(`on-call repository on ${factory.dialect}`, () => {
    afterAll(() => factory.cleanup());

    it('keeps versions of the schedules and answers the highest; a second writer of one number loses', async () => {
      const store = await factory.create();
      try {
        expect(await store.oncall.current()).toBeUndefined();
        const v1 = { version: 1, document: '{"a":1}', sha256: 'a'.repeat(64), createdBy: 'ann', createdAt: '2026-12-01T00:00:00.000Z' };
        await store.oncall.insertVersion(v1);
        await store.oncall.insertVersion({ ...v1, version: 2, document: '{"a":2}' });
        expect(await store.oncall.current()).toEqual({ ...v1, version: 2, document: '{"a":2}' });
        const error = await store.oncall.insertVersion({ ...v1, document: '{"a":3}' }).catch((e: unknown) => e);
        expect(store.adapter.isUniqueViolation(error)).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('claims a page once per incident, schedule and level, even from two connections at once', async () => {
      const store = await factory.create();
      try {
        const claims = await Promise.all([
          store.oncall.claimPage(page('P1', 'I1', 1, '2026-12-01T10:00:00.000Z')),
          store.oncall.claimPage(page('P2', 'I1', 1, '2026-12-01T10:00:00.000Z')),
        ]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await store.oncall.claimPage(page('P3', 'I1', 2, '2026-12-01T10:15:00.000Z'))).toBe(true);
        expect(await store.oncall.claimPage(page('P4', 'I2', 1, '2026-12-01T10:16:00.000Z'))).toBe(true);
        const winner = claims[0] ? 'P1' : 'P2';
        await store.oncall.finishPage(winner, 'failed', 'receiver answered 500');
        const pages = await store.oncall.pagesOf(['I1']);
        expect(pages.map((p) => [p.id, p.level, p.status, p.reason])).toEqual([
          [winner, 1, 'failed', 'receiver answered 500'],
          ['P3', 2, 'sending', null],
        ]);
        expect(await store.oncall.pagesOf([])).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
