import { afterAll, describe, expect, it } from 'vitest';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { testContext } from '../testing/test-context.ts';
import type { AppContext } from '../context.ts';
import { featureSkewReport, sinceOf } from './skew-report.ts';
import {
  expectedSkew,
  fixturePredictions,
  seedSkewDeployment,
  SKEW_DEFINITIONS,
  SKEW_ENRICHMENT,
  SKEW_FEATURES,
} from './testing/skew-test-data.ts';

const NOW = new Date('2026-04-10T00:00:00.000Z');
const all = fixturePredictions();

describe('sinceOf', () => {
  it('reads an ISO 8601 time or a duration before now', () => {
    expect(sinceOf('2026-03-01', NOW).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(sinceOf('2026-03-01T10:00:00+02:00', NOW).toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(sinceOf('7d', NOW).toISOString()).toBe('2026-04-03T00:00:00.000Z');
    expect(sinceOf('PT30M', NOW).toISOString()).toBe('2026-04-09T23:30:00.000Z');
  });

  it.each(['yesterday', '', '0s', '1700000000'])('refuses %j', (text) => {
    expect(() => sinceOf(text, NOW)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});

for (const factory of storeFactories()) {
  describe(`featureSkewReport (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    const withShop = async (work: (ctx: AppContext) => Promise<void>, options: Parameters<typeof seedSkewDeployment>[1] = {}) => {
      const ctx = await testContext(factory);
      try {
        await seedSkewDeployment(ctx.store, options);
        await work({ ...ctx, clock: () => NOW });
      } finally {
        await ctx.close();
      }
    };

    it('reports every enriched feature of the logged predictions as pandas counts them', async () => {
      await withShop(async (ctx) => {
        const expected = expectedSkew();
        const report = await featureSkewReport(ctx, 'shop', { since: '2026-02-01' });
        expect(report).toMatchObject({
          deployment: 'shop',
          feature_set_version: 1,
          entity_key: 'customer_id',
          since: '2026-02-01T00:00:00.000Z',
          until: NOW.toISOString(),
          tolerance: 1e-6,
          limit: 10_000,
          predictions: all.length,
          truncated: false,
          unkeyed: expected.unkeyed,
        });
        expect(report.features.map((f) => f.feature)).toEqual(SKEW_FEATURES.map((f) => `tx:${f}`));
        for (const f of report.features) {
          const want = expected.features[f.name as (typeof SKEW_FEATURES)[number]];
          expect(f).toMatchObject({
            view: 'tx',
            checked: want.checked,
            compared: want.compared,
            matches: want.matches,
            mismatches: want.mismatches,
            mismatch_rate: want.mismatches / want.checked,
            missing_offline: want.missing_offline,
            missing_online: want.missing_online,
            both_missing: want.both_missing,
          });
          expect(f.largest_differences.length).toBeGreaterThan(0);
          for (const e of f.largest_differences) {
            expect(Object.keys(e)).toEqual(['prediction_id', 'at', 'entity_key', 'served', 'offline', 'difference']);
            expect(e.prediction_id).toMatch(/^[0-9A-Z]{26}$/);
          }
        }
        expect(report.features[0]!.type).toBe('number');
        expect(report.features[1]!.type).toBe('integer');
      });
    });

    it('reads the newest predictions since --since, at most --limit of them, and says when older ones were left out', async () => {
      await withShop(async (ctx) => {
        const newest = await featureSkewReport(ctx, 'shop', { since: '2026-02-01', limit: 100 });
        expect(newest).toMatchObject({ predictions: 100, truncated: true, limit: 100 });
        const cutoff = [...all].sort((a, b) => (a.at < b.at ? 1 : -1))[99]!.at;
        for (const f of newest.features) for (const e of f.largest_differences) expect(e.at >= cutoff).toBe(true);

        const since = '2026-03-20T00:00:00.000Z';
        const recent = await featureSkewReport(ctx, 'shop', { since });
        expect(recent).toMatchObject({ predictions: all.filter((p) => p.at >= since).length, truncated: false });

        const week = await featureSkewReport(ctx, 'shop', { since: '7d' });
        expect(week.since).toBe('2026-04-03T00:00:00.000Z');
        expect(week.predictions).toBe(all.filter((p) => p.at >= week.since).length);
        expect(week.predictions).toBeGreaterThan(0);

        // A tolerance wide enough for every difference leaves only the missing sides as mismatches.
        const loose = await featureSkewReport(ctx, 'shop', { since: '2026-02-01', tolerance: 1e9 });
        const spend = loose.features.find((f) => f.name === 'spend_7d')!;
        expect(spend.mismatches).toBe(spend.missing_offline + spend.missing_online);
      });
    });

    it('recomputes with the definitions the deployment serves with, when its deploy stamped their version', async () => {
      await withShop(async (ctx) => {
        const shop = (await ctx.store.deployments.findByName('shop'))!;
        const config = { ...shop.config, features: { ...SKEW_ENRICHMENT, featureSetVersion: 1 } };
        await ctx.store.db
          .updateTable('deployments')
          .set({ config: JSON.stringify(config) })
          .where('name', '=', 'shop')
          .execute();
        // A later apply whose source is gone: the deployment still serves version 1, and so does the check.
        await ctx.store.transaction((tx) =>
          tx.featureSets.append({
            definitions: { ...SKEW_DEFINITIONS, sources: [{ ...SKEW_DEFINITIONS.sources[0]!, path: '/nonexistent/tx.csv' }] },
            sha256: 'e'.repeat(64),
            sourceFile: 'features.yaml',
            createdBy: 'ann',
            createdAt: NOW.toISOString(),
          }),
        );
        const report = await featureSkewReport(ctx, 'shop', { since: '2026-02-01' });
        expect(report.feature_set_version).toBe(1);
        expect(report.features[0]!.mismatches).toBe(expectedSkew().features.spend_7d.mismatches);
        // Unstamped, the current definitions are read, and their missing source is named.
        await ctx.store.db
          .updateTable('deployments')
          .set({ config: JSON.stringify(shop.config) })
          .where('name', '=', 'shop')
          .execute();
        await expect(featureSkewReport(ctx, 'shop', { since: '2026-02-01' })).rejects.toMatchObject({
          code: 'file_not_found',
          message: expect.stringMatching(/source transactions: cannot read \/nonexistent\/tx.csv/),
        });
      });
    });

    it('masks the values of sensitive columns, keeping the counts', async () => {
      await withShop(async (ctx) => {
        for (const column of ['spend_7d', 'customer_id'])
          await ctx.store.sensitiveColumns.mark({ versionId: 'sv1', column, kind: 'pii', markedBy: 'ann', markedAt: NOW.toISOString() });
        const report = await featureSkewReport(ctx, 'shop', { since: '2026-02-01' });
        const spend = report.features.find((f) => f.name === 'spend_7d')!;
        expect(spend.mismatches).toBe(expectedSkew().features.spend_7d.mismatches);
        for (const e of spend.largest_differences) {
          expect(e.entity_key).toBe('***');
          expect(e.difference).toBeNull();
          expect([e.served, e.offline].every((v) => v === '***' || v === null)).toBe(true);
        }
        const tier = report.features.find((f) => f.name === 'tier')!;
        expect(tier.largest_differences.some((e) => e.served !== '***' && e.served !== null)).toBe(true);
      });
    });

    it('refuses an unknown deployment, one without enrichment, and bad options', async () => {
      await withShop(async (ctx) => {
        await expect(featureSkewReport(ctx, 'nope')).rejects.toMatchObject({ code: 'deployment_not_found' });
        await expect(featureSkewReport(ctx, 'shop', { limit: 0 })).rejects.toMatchObject({ code: 'invalid_argument' });
        await expect(featureSkewReport(ctx, 'shop', { limit: 100_001 })).rejects.toMatchObject({ code: 'invalid_argument' });
        await expect(featureSkewReport(ctx, 'shop', { tolerance: -1 })).rejects.toMatchObject({ code: 'invalid_argument' });
        await expect(featureSkewReport(ctx, 'shop', { since: '2026-05-01' })).rejects.toMatchObject({
          code: 'invalid_argument',
          message: expect.stringMatching(/not before now/),
        });
      });
      await withShop(
        async (ctx) => {
          await expect(featureSkewReport(ctx, 'shop')).rejects.toMatchObject({
            code: 'invalid_argument',
            message: expect.stringMatching(/does not enrich its requests/),
          });
        },
        { enriched: false },
      );
      await withShop(
        async (ctx) => {
          await expect(featureSkewReport(ctx, 'shop')).rejects.toMatchObject({ code: 'feature_set_not_found' });
        },
        { definitions: false },
      );
    });
  });
}
