import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from './testing/test-stores.ts';

const T0 = Date.parse('2026-12-07T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

for (const factory of storeFactories()) {
  describe(`LeaseRepository (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    it('gives a free lease to the first asker and refuses it to another while it runs', async () => {
      const store = await factory.create();
      try {
        expect(await store.leases.acquire('alerts', 'a', at(0), 10_000)).toBe(true);
        expect(await store.leases.acquire('alerts', 'b', at(1000), 10_000)).toBe(false);
        expect(await store.leases.find('alerts')).toEqual({ holder: 'a', expiresAt: at(10_000).toISOString() });
        // Renewing moves the expiry on.
        expect(await store.leases.acquire('alerts', 'a', at(9000), 10_000)).toBe(true);
        expect(await store.leases.acquire('alerts', 'b', at(12_000), 10_000)).toBe(false);
        // Another name is another lease.
        expect(await store.leases.acquire('other', 'b', at(12_000), 10_000)).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('moves to another asker once its holder stops renewing, and at once when the holder releases it', async () => {
      const store = await factory.create();
      try {
        expect(await store.leases.acquire('alerts', 'a', at(0), 10_000)).toBe(true);
        expect(await store.leases.acquire('alerts', 'b', at(9999), 10_000)).toBe(false);
        expect(await store.leases.acquire('alerts', 'b', at(10_000), 10_000)).toBe(true);
        // The old holder, back from a pause, finds it taken.
        expect(await store.leases.acquire('alerts', 'a', at(10_001), 10_000)).toBe(false);
        await store.leases.release('alerts', 'a'); // not a's: nothing happens
        expect((await store.leases.find('alerts'))?.holder).toBe('b');
        await store.leases.release('alerts', 'b');
        expect(await store.leases.acquire('alerts', 'a', at(10_002), 10_000)).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('lets exactly one of many simultaneous askers win', async () => {
      const store = await factory.create();
      try {
        const won = await Promise.all(Array.from({ length: 8 }, (_, i) => store.leases.acquire('alerts', `h${i}`, at(0), 10_000)));
        expect(won.filter(Boolean)).toHaveLength(1);
        expect((await store.leases.find('alerts'))?.holder).toBe(`h${won.indexOf(true)}`);
      } finally {
        await store.close();
      }
    });
  });
}
