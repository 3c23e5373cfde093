import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureDefinitions } from '../../core/features/feature-definitions.ts';
import { sqliteFactory } from '../../store/testing/test-stores.ts';
import type { AppContext } from '../context.ts';
import { testContext } from '../testing/test-context.ts';
import { lookupFeatures, MAX_LOOKUP_KEYS } from './lookup-features.ts';
import { redisOnlineStore } from './redis-online-store.ts';

const DEFINITIONS: FeatureDefinitions = {
  format: 'ballast.features/v1',
  entities: [{ name: 'customer', key: 'customer_id' }],
  sources: [{ name: 'transactions', path: '/data/tx.csv', timestamp: 'event_time' }],
  featureViews: [
    {
      name: 'tx',
      entity: 'customer',
      source: 'transactions',
      ttlSeconds: 604800,
      features: [
        { name: 'spend_7d', type: 'number' },
        { name: 'n_tx_7d', type: 'integer' },
        { name: 'tier', type: 'string', expr: 'bucket(spend_7d, [100])' },
      ],
    },
  ],
  onDemandFeatures: [],
};

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

async function withApplied(work: (ctx: AppContext) => Promise<void>): Promise<void> {
  const ctx = await testContext(factory);
  try {
    await ctx.store.transaction((tx) =>
      tx.featureSets.append({ definitions: DEFINITIONS, sha256: 'a'.repeat(64), sourceFile: 'f.yaml', createdBy: 't', createdAt: 't' }),
    );
    await work(ctx);
  } finally {
    await ctx.close();
  }
}

describe('lookupFeatures', () => {
  it("answers one row per key asked, in order, with every feature of the view's current definition", async () => {
    await withApplied(async (ctx) => {
      await ctx.store.onlineFeatures.upsert(
        'tx',
        [
          // `dropped` was a feature of an older definition: it is not served any more.
          { entityKey: '42', values: { spend_7d: 250.5, n_tx_7d: 3, tier: '1', dropped: 1 }, eventTime: '2026-01-02T00:00:00.000Z' },
          { entityKey: 'c7', values: { spend_7d: null, n_tx_7d: 0 }, eventTime: '2026-01-03T00:00:00.000Z' },
        ],
        1,
        'now',
      );
      const lookup = await lookupFeatures(ctx, 'tx', ['c7', 42, 'nobody', '42']);
      expect(lookup.view).toBe('tx');
      expect(lookup.features).toEqual(['spend_7d', 'n_tx_7d', 'tier']);
      expect(lookup.rows).toEqual([
        { key: 'c7', found: true, eventTime: '2026-01-03T00:00:00.000Z', values: { spend_7d: null, n_tx_7d: 0, tier: null } },
        { key: '42', found: true, eventTime: '2026-01-02T00:00:00.000Z', values: { spend_7d: 250.5, n_tx_7d: 3, tier: '1' } },
        { key: 'nobody', found: false, eventTime: null, values: { spend_7d: null, n_tx_7d: null, tier: null } },
        { key: '42', found: true, eventTime: '2026-01-02T00:00:00.000Z', values: { spend_7d: 250.5, n_tx_7d: 3, tier: '1' } },
      ]);
    });
  });

  it('names an unknown view with the views there are, and refuses keys that are not keys', async () => {
    await withApplied(async (ctx) => {
      await expect(lookupFeatures(ctx, 'txx', ['1'])).rejects.toMatchObject({
        code: 'feature_not_found',
        status: 404,
        message: /"txx".*views: tx/,
      });
      await expect(lookupFeatures(ctx, 'tx', [])).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(lookupFeatures(ctx, 'tx', ['1', ' '])).rejects.toMatchObject({ code: 'invalid_argument', message: /key 2/ });
      await expect(lookupFeatures(ctx, 'tx', [true])).rejects.toMatchObject({ code: 'invalid_argument' });
      const tooMany = Array.from({ length: MAX_LOOKUP_KEYS + 1 }, (_, i) => String(i));
      await expect(lookupFeatures(ctx, 'tx', tooMany)).rejects.toMatchObject({ code: 'invalid_argument', message: /at most 1000/ });
    });
  });

  it('says when no definitions were applied', async () => {
    const ctx = await testContext(factory);
    try {
      await expect(lookupFeatures(ctx, 'tx', ['1'])).rejects.toMatchObject({ code: 'feature_set_not_found' });
    } finally {
      await ctx.close();
    }
  });

  it('answers online_store_unavailable (503) when the configured Redis does not answer', async () => {
    // A port nothing listens on: taken, then released.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    await withApplied(async (ctx) => {
      const onlineStore = redisOnlineStore(`redis://127.0.0.1:${port}`, { timeoutMs: 300 });
      try {
        await expect(lookupFeatures({ ...ctx, onlineStore }, 'tx', ['1'])).rejects.toMatchObject({
          code: 'online_store_unavailable',
          status: 503,
        });
      } finally {
        await onlineStore.close();
      }
    });
  });
});
