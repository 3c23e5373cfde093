import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { OnlineFeatureRow } from '../../store/online-feature-repository.ts';
import type { Store } from '../../store/store.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { databaseOnlineStore, type OnlineStore } from './online-store.ts';
import { redisOnlineStore } from './redis-online-store.ts';
import { hasRedisServer, REDIS_SKIPPED, startTestRedis, type TestRedis } from './testing/redis-server.ts';

/**
 * One suite, every online store: the database's table (SQLite, PostgreSQL) and Redis (a real
 * redis-server started here). Serving must not depend on which one a team chose.
 */
interface OnlineStoreFactory {
  readonly name: string;
  setup(): Promise<void>;
  /** A fresh, empty store. */
  create(): Promise<OnlineStore>;
  teardown(): Promise<void>;
}

function databaseFactories(): OnlineStoreFactory[] {
  return storeFactories().map((factory) => {
    const stores: Store[] = [];
    return {
      name: `database (${factory.dialect})`,
      setup: async () => {},
      async create() {
        const store = await factory.create();
        stores.push(store);
        return databaseOnlineStore(store);
      },
      async teardown() {
        for (const store of stores.splice(0)) await store.close();
        await factory.cleanup();
      },
    };
  });
}

let redis: TestRedis | undefined;
let prefixes = 0;
const opened: OnlineStore[] = [];

const redisFactory: OnlineStoreFactory = {
  name: 'redis',
  async setup() {
    redis = await startTestRedis();
  },
  async create() {
    // A key prefix per store: each test starts from an empty store on the one server.
    const store = redisOnlineStore(redis!.url, { keyPrefix: `t${++prefixes}:` });
    opened.push(store);
    return store;
  },
  async teardown() {
    for (const store of opened.splice(0)) await store.close();
    await redis?.stop();
  },
};

if (!hasRedisServer) describe.skip(REDIS_SKIPPED, () => it('runs every test of this file on Redis', () => {}));
const factories = [...databaseFactories(), ...(hasRedisServer ? [redisFactory] : [])];

const row = (entityKey: string, eventTime: string, values: OnlineFeatureRow['values']): OnlineFeatureRow => ({
  entityKey,
  eventTime,
  values,
});
const T1 = '2026-01-01T00:00:00.000Z';
const T2 = '2026-01-02T00:00:00.000Z';
const T3 = '2026-01-03T00:00:00.000Z';

for (const factory of factories) {
  describe(`the online store: ${factory.name}`, () => {
    beforeAll(() => factory.setup(), 20_000);
    afterAll(() => factory.teardown());

    it('gives back what was written, types and missing values kept, and leaves out keys never written', async () => {
      const store = await factory.create();
      const written = row('c1', T1, { spend: 12.5, n_tx: 3, segment: 'gold', active: true, score: null, zero: 0, empty: '' });
      await store.write(
        'tx',
        [written, row('c2', T2, { spend: -1, n_tx: 0, segment: 'x', active: false, score: 1e-9, zero: 0, empty: 'e' })],
        1,
        T3,
      );
      const got = await store.read('tx', ['c1', 'c2', 'nobody']);
      expect(got.get('c1')).toEqual(written);
      expect(got.get('c2')?.values).toEqual({ spend: -1, n_tx: 0, segment: 'x', active: false, score: 1e-9, zero: 0, empty: 'e' });
      expect(got.has('nobody')).toBe(false);
      expect([...got.keys()].sort()).toEqual(['c1', 'c2']);
      expect((await store.read('tx', [])).size).toBe(0);
    });

    it('never lets an older event replace a newer one; an equal or newer one replaces it whole', async () => {
      const store = await factory.create();
      await store.write('tx', [row('c1', T2, { spend: 2, extra: 'old' })], 1, T3);
      await store.write('tx', [row('c1', T1, { spend: 1 })], 1, T3);
      expect((await store.read('tx', ['c1'])).get('c1')).toEqual(row('c1', T2, { spend: 2, extra: 'old' }));
      // The same event time again (a window materialised twice): the write wins, so reruns are idempotent.
      await store.write('tx', [row('c1', T2, { spend: 22 })], 1, T3);
      expect((await store.read('tx', ['c1'])).get('c1')).toEqual(row('c1', T2, { spend: 22 }));
      await store.write('tx', [row('c1', T3, { spend: 3 })], 2, T3);
      expect((await store.read('tx', ['c1'])).get('c1')).toEqual(row('c1', T3, { spend: 3 }));
    });

    it('keeps the newest of several rows for one key within one write, whatever their order', async () => {
      const store = await factory.create();
      await store.write('tx', [row('k', T3, { v: 3 }), row('k', T1, { v: 1 })], 1, T3);
      expect((await store.read('tx', ['k'])).get('k')?.values).toEqual({ v: 3 });
    });

    it('keeps views apart, and takes keys with separators, spaces and non-ASCII text', async () => {
      const store = await factory.create();
      const keys = ['a:b', 'a', 'b c', 'Zoë-東京', '42'];
      await store.write(
        'tx',
        keys.map((k, i) => row(k, T1, { v: i })),
        1,
        T3,
      );
      await store.write('tx:a', [row('b', T1, { v: 'other view' })], 1, T3);
      await store.write('profile', [row('a', T1, { v: 'profile' })], 1, T3);
      const got = await store.read('tx', [...keys, 'b']);
      expect(keys.map((k) => got.get(k)?.values.v)).toEqual([0, 1, 2, 3, 4]);
      expect(got.has('b')).toBe(false);
      expect((await store.read('profile', ['a'])).get('a')?.values).toEqual({ v: 'profile' });
      expect((await store.read('tx:a', ['b'])).get('b')?.values).toEqual({ v: 'other view' });
    });

    it('writes and reads thousands of keys in one call (past every batch size), repeated keys asked once', async () => {
      const store = await factory.create();
      const rows = Array.from({ length: 2500 }, (_, i) => row(`e${i}`, T1, { i, half: i / 2 }));
      await store.write('big', rows, 1, T3);
      const asked = [...rows.map((r) => r.entityKey), 'e7', 'missing'];
      const got = await store.read('big', asked);
      expect(got.size).toBe(2500);
      expect(got.get('e2499')).toEqual(rows[2499]);
      expect(got.get('e7')?.values).toEqual({ i: 7, half: 3.5 });
    }, 30_000);
  });
}

describe.skipIf(!hasRedisServer)('the Redis online store when Redis is not there', () => {
  let down: TestRedis;
  beforeAll(async () => {
    down = await startTestRedis();
  }, 20_000);
  afterAll(() => down.stop());

  it('refuses a URL that is not Redis before connecting, as a bad argument', () => {
    for (const url of ['localhost:6379', 'http://127.0.0.1:6379', 'redis://'])
      expect(() => redisOnlineStore(url), url).toThrowError(expect.objectContaining({ code: 'invalid_argument' }) as Error);
  });

  it('answers online_store_unavailable (503) at once while Redis is down, and serves again once it is back', async () => {
    const store = redisOnlineStore(down.url, { keyPrefix: 'outage:', timeoutMs: 500 });
    try {
      await store.write('tx', [row('c1', T1, { v: 1 })], 1, T3);
      await down.stop();
      const started = Date.now();
      const error = await store.read('tx', ['c1']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BallastError);
      expect(error).toMatchObject({ code: 'online_store_unavailable', status: 503 });
      expect((error as Error).message).toContain(`127.0.0.1:${down.port}`);
      await expect(store.write('tx', [row('c1', T2, { v: 2 })], 1, T3)).rejects.toMatchObject({ code: 'online_store_unavailable' });
      expect(Date.now() - started).toBeLessThan(2000);

      await down.start();
      // The client reconnects by itself (backing off up to a second); the restarted server is empty.
      const deadline = Date.now() + 10_000;
      let got: Map<string, OnlineFeatureRow> | undefined;
      while (got === undefined && Date.now() < deadline)
        got = await store.read('tx', ['c1']).catch(() => new Promise<undefined>((done) => setTimeout(() => done(undefined), 100)));
      expect(got?.size).toBe(0);
      await store.write('tx', [row('c1', T2, { v: 2 })], 1, T3);
      expect((await store.read('tx', ['c1'])).get('c1')?.values).toEqual({ v: 2 });
    } finally {
      await store.close();
    }
  }, 20_000);

  it('answers online_store_unavailable when Redis was never reachable, without a connection left behind', async () => {
    await down.stop();
    const store = redisOnlineStore(down.url, { timeoutMs: 500 });
    await expect(store.read('tx', ['c1'])).rejects.toMatchObject({ code: 'online_store_unavailable' });
    await expect(store.write('tx', [row('c1', T1, { v: 1 })], 1, T3)).rejects.toMatchObject({ code: 'online_store_unavailable' });
    await store.close();
    await expect(store.read('tx', ['c1'])).rejects.toMatchObject({ code: 'online_store_unavailable' });
    await down.start();
  }, 20_000);
});
