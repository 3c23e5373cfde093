import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureDefinitions, FeatureViewDefinition } from '../../core/features/feature-definitions.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { testContext } from '../testing/test-context.ts';
import { materializeFeatures } from './materialize.ts';
import { databaseOnlineStore, type OnlineStore } from './online-store.ts';
import { redisOnlineStore } from './redis-online-store.ts';
import { hasRedisServer, REDIS_SKIPPED, startTestRedis, type TestRedis } from './testing/redis-server.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/features/materialize');

/** pandas' answer per window (make_materialize.py): key -> latest row in the window. */
interface ExpectedWindow {
  readonly start: string | null;
  readonly end: string;
  readonly rows: Record<string, { event_time: string; spend: number | null; n_tx: number }>;
}
const EXPECTED = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, ExpectedWindow>;
const ALL_KEYS = Object.keys(EXPECTED.all!.rows);

const TX: FeatureViewDefinition = {
  name: 'tx',
  entity: 'customer',
  source: 'transactions',
  ttlSeconds: null,
  features: [
    { name: 'spend', type: 'number' },
    { name: 'n_tx', type: 'integer' },
    { name: 'spend_per_tx', type: 'number', expr: 'spend / n_tx' },
  ],
};

function definitions(views: readonly FeatureViewDefinition[], sourcePath = path.join(FIXTURES, 'source.csv')): FeatureDefinitions {
  return {
    format: 'ballast.features/v1',
    entities: [{ name: 'customer', key: 'customer_id' }],
    sources: [{ name: 'transactions', path: sourcePath, timestamp: 'event_time', createdTimestamp: 'created' }],
    featureViews: views,
    onDemandFeatures: [],
  };
}

async function apply(ctx: AppContext, defs: FeatureDefinitions): Promise<void> {
  await ctx.store.transaction((tx) =>
    tx.featureSets.append({ definitions: defs, sha256: 'a'.repeat(64), sourceFile: 'features.yaml', createdBy: 'tester', createdAt: 't' }),
  );
}

/** What the online store holds for every key, as pandas' rows are written. */
async function stored(store: OnlineStore, view = 'tx') {
  const got = await store.read(view, ALL_KEYS);
  return Object.fromEntries(
    [...got].map(([key, row]) => [key, { event_time: row.eventTime, spend: row.values.spend ?? null, n_tx: row.values.n_tx ?? null }]),
  );
}

const factory = sqliteFactory();
let redis: TestRedis | undefined;
let prefixes = 0;

interface Variant {
  readonly name: string;
  readonly available: boolean;
  /** An online store for a fresh context; undefined: the database's own. */
  online(): OnlineStore | undefined;
}
const variants: Variant[] = [
  { name: 'database', available: true, online: () => undefined },
  {
    name: 'redis',
    available: hasRedisServer,
    online: () => redisOnlineStore(redis!.url, { keyPrefix: `m${++prefixes}:`, timeoutMs: 500 }),
  },
];

beforeAll(async () => {
  if (hasRedisServer) redis = await startTestRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
  await factory.cleanup();
});

async function context(variant: Variant) {
  const base = await testContext(factory);
  const online = variant.online();
  const ctx = { ...base, ...(online === undefined ? {} : { onlineStore: online }) };
  return {
    ctx,
    store: ctx.onlineStore ?? databaseOnlineStore(ctx.store),
    close: async () => {
      await online?.close();
      await base.close();
    },
  };
}

if (!hasRedisServer) describe.skip(REDIS_SKIPPED, () => it('materialises into Redis too', () => {}));

for (const variant of variants.filter((v) => v.available)) {
  describe(`materialisation into the ${variant.name} online store, against pandas`, () => {
    it("writes each entity's latest row up to --end, ties decided by created time then file order", async () => {
      const { ctx, store, close } = await context(variant);
      try {
        await apply(ctx, definitions([TX]));
        const result = await materializeFeatures(ctx, { end: EXPECTED.all!.end });
        expect(result).toMatchObject({ featureSetVersion: 1, onlineStore: variant.name });
        expect(result.views).toEqual([{ view: 'tx', startTime: null, endTime: '2026-01-21T00:00:00.000Z', rows: 40, status: 'succeeded' }]);
        expect(await stored(store)).toEqual(EXPECTED.all!.rows);
        const one = (await store.read('tx', ['7'])).get('7')!.values;
        const reference = EXPECTED.all!.rows['7']!;
        expect(one.spend_per_tx).toBe(reference.spend === null || reference.n_tx === 0 ? null : reference.spend / reference.n_tx);
      } finally {
        await close();
      }
    });

    it('takes an explicit window as start < event <= end, both edges exact', async () => {
      const { ctx, store, close } = await context(variant);
      try {
        await apply(ctx, definitions([TX]));
        const window = EXPECTED.exact_edges!;
        const result = await materializeFeatures(ctx, { start: window.start!, end: window.end });
        expect(result.views[0]).toMatchObject({ startTime: '2026-01-03T06:00:00.000Z', rows: Object.keys(window.rows).length });
        expect(await stored(store)).toEqual(window.rows);
      } finally {
        await close();
      }
    });

    it('continues from where the last run ended, and a newer window updates only the keys it has rows for', async () => {
      const { ctx, store, close } = await context(variant);
      try {
        await apply(ctx, definitions([TX]));
        await materializeFeatures(ctx, { end: EXPECTED.first_week!.end });
        expect(await stored(store)).toEqual(EXPECTED.first_week!.rows);
        const second = await materializeFeatures(ctx, { end: EXPECTED.second_week!.end });
        expect(second.views[0]).toMatchObject({ startTime: EXPECTED.second_week!.start!.replace('Z', '.000Z'), status: 'succeeded' });
        expect(await stored(store)).toEqual({ ...EXPECTED.first_week!.rows, ...EXPECTED.second_week!.rows });
        // Running an older window again does not take values back in time.
        await materializeFeatures(ctx, { start: '2025-12-01T00:00:00Z', end: EXPECTED.first_week!.end });
        expect(await stored(store)).toEqual({ ...EXPECTED.first_week!.rows, ...EXPECTED.second_week!.rows });
      } finally {
        await close();
      }
    });
  });
}

describe('materialisation runs', () => {
  it('is up to date when the last run already reached --end, and starts a first run at end - ttl', async () => {
    const { ctx, close } = await context(variants[0]!);
    try {
      await apply(ctx, definitions([TX, { ...TX, name: 'recent', ttlSeconds: 2 * 86400 }]));
      const first = await materializeFeatures(ctx, { end: '2026-01-10T00:00:00Z', views: ['recent'] });
      expect(first.views).toEqual([
        {
          view: 'recent',
          startTime: '2026-01-08T00:00:00.000Z',
          endTime: '2026-01-10T00:00:00.000Z',
          rows: expect.any(Number),
          status: 'succeeded',
        },
      ]);
      const times = [...(await ctx.store.onlineFeatures.get('recent', ALL_KEYS)).values()].map((r) => r.eventTime);
      expect(times.length).toBe(first.views[0]!.rows);
      expect(times.every((t) => t > '2026-01-08T00:00:00.000Z' && t <= '2026-01-10T00:00:00.000Z')).toBe(true);
      const again = await materializeFeatures(ctx, { end: '2026-01-10T00:00:00Z' });
      expect(again.views.map((v) => [v.view, v.status, v.rows])).toEqual([
        ['tx', 'succeeded', 40],
        ['recent', 'up_to_date', 0],
      ]);
      const audit = (await ctx.store.audit.list()).filter((a) => a.action === 'features.materialize');
      expect(audit.map((a) => [a.objectId, a.details.status, a.details.rows])).toEqual([
        ['recent', 'succeeded', first.views[0]!.rows],
        ['tx', 'succeeded', 40],
      ]);
      expect(audit[0]!.details).toMatchObject({ feature_set_version: 1, start: '2026-01-08T00:00:00.000Z', online_store: 'database' });
    } finally {
      await close();
    }
  });

  it('records a failed view and keeps its last successful end, so the next run does the window again', async () => {
    const { ctx, close } = await context(variants[0]!);
    try {
      await apply(ctx, definitions([TX]));
      await materializeFeatures(ctx, { end: '2026-01-05T00:00:00Z' });
      await apply(ctx, definitions([TX], path.join(FIXTURES, 'no-such-source.csv')));
      // A new definitions version starts its views afresh; this one cannot read its source.
      await expect(materializeFeatures(ctx, { end: '2026-01-10T00:00:00Z' })).rejects.toMatchObject({ code: 'file_not_found' });
      expect(await ctx.store.materializations.lastSucceededEnd('tx', 2)).toBeUndefined();
      expect((await ctx.store.materializations.list('tx')).map((m) => [m.featureSetVersion, m.status])).toEqual([
        [2, 'failed'],
        [1, 'succeeded'],
      ]);
      const failed = (await ctx.store.audit.list()).filter((a) => a.action === 'features.materialize').at(-1)!;
      expect(failed.details).toMatchObject({ status: 'failed', rows: 0, feature_set_version: 2 });
      expect(String(failed.details.error)).toContain('no-such-source.csv');
    } finally {
      await close();
    }
  });

  it.skipIf(!hasRedisServer)(
    'leaves the last successful end unchanged when Redis is down, and resumes from it once Redis is back',
    async () => {
      const { ctx, store, close } = await context(variants[1]!);
      try {
        await apply(ctx, definitions([TX]));
        await materializeFeatures(ctx, { end: EXPECTED.first_week!.end });
        await redis!.stop();
        await expect(materializeFeatures(ctx, { end: EXPECTED.second_week!.end })).rejects.toMatchObject({
          code: 'online_store_unavailable',
        });
        expect(await ctx.store.materializations.lastSucceededEnd('tx', 1)).toBe('2026-01-08T00:00:00.000Z');
        await redis!.start();
        // The failed window is done again from the last successful end (the restarted Redis is empty, so it holds just that window).
        let resumed;
        for (let attempt = 0; resumed === undefined && attempt < 50; attempt++)
          resumed = await materializeFeatures(ctx, { end: EXPECTED.second_week!.end }).catch(
            () => new Promise<undefined>((done) => setTimeout(() => done(undefined), 200)),
          );
        expect(resumed!.views[0]).toMatchObject({ startTime: '2026-01-08T00:00:00.000Z', status: 'succeeded' });
        expect(await stored(store)).toEqual(EXPECTED.second_week!.rows);
      } finally {
        await close();
      }
    },
    30_000,
  );

  it('refuses bad windows and unknown views before writing anything', async () => {
    const { ctx, close } = await context(variants[0]!);
    try {
      await expect(materializeFeatures(ctx, {})).rejects.toMatchObject({ code: 'feature_set_not_found' });
      await apply(ctx, definitions([TX]));
      await expect(materializeFeatures(ctx, { end: 'yesterday' })).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(materializeFeatures(ctx, { start: '2026-01-05T00:00:00Z', end: '2026-01-05T00:00:00Z' })).rejects.toMatchObject({
        code: 'invalid_argument',
      });
      await expect(materializeFeatures(ctx, { views: ['tx', 'nope'] })).rejects.toMatchObject({
        code: 'feature_not_found',
        message: /"nope"/,
      });
      expect(await ctx.store.materializations.list()).toEqual([]);
      expect(await ctx.store.onlineFeatures.count('tx')).toBe(0);
    } finally {
      await close();
    }
  });
});
