import { afterAll, describe, expect, it } from 'vitest';
import { parseAlertRules } from '../../core/alerts/parse-alert-rules.ts';
import { skewEnrichmentOf } from '../../core/features/skew-enrichment.ts';
import type { DeploymentConfig } from '../../core/serving-records.ts';
import { DEFAULT_DEPLOYMENT_CONFIG } from '../../core/serving-records.ts';
import type { Store } from '../../store/store.ts';
import { storeFactories } from '../../store/testing/test-stores.ts';
import { measureSkew } from '../features/skew.ts';
import { fixturePredictions, seedSkewDeployment, SKEW_DEFINITIONS, SKEW_ENRICHMENT } from '../features/testing/skew-test-data.ts';
import { testContext } from '../testing/test-context.ts';
import { applyAlertRules } from './alert-rules.ts';
import { MIN_SKEW_ROWS } from './feature-skew-signal.ts';
import { readSignals, type SignalSources } from './signal-reader.ts';

const WINDOW = { start: '2026-03-10T00:00:00.000Z', end: '2026-03-20T00:00:00.000Z' };
const NOW = new Date(WINDOW.end);
const sourcesOf = (store: Store): SignalSources => ({ store, clock: () => NOW, baseWindowMs: 60_000 });
const query = { deployment: 'shop', windowMs: Date.parse(WINDOW.end) - Date.parse(WINDOW.start), now: NOW, window: WINDOW };

/** The skew of the window's predictions, measured directly (the pandas check of measureSkew is in features/skew.test.ts). */
async function expectedRate(feature: string) {
  const inWindow = fixturePredictions().filter((p) => p.at >= WINDOW.start && p.at < WINDOW.end);
  const enrichment = skewEnrichmentOf({ ...DEFAULT_DEPLOYMENT_CONFIG, features: SKEW_ENRICHMENT } as DeploymentConfig)!;
  const measured = await measureSkew({}, { version: 1, definitions: SKEW_DEFINITIONS }, enrichment, inWindow, 1e-6);
  return measured.features.find((f) => f.ref.feature === feature)!.summary;
}

for (const factory of storeFactories()) {
  describe(`features.skew.<feature> (${factory.dialect})`, () => {
    afterAll(() => factory.cleanup());

    const withShop = async (work: (store: Store) => Promise<void>, options: Parameters<typeof seedSkewDeployment>[1] = {}) => {
      const store = await factory.create();
      try {
        await seedSkewDeployment(store, options);
        await work(store);
      } finally {
        await store.close();
      }
    };

    it("reads the mismatch rate of the window's predictions, every asked feature in one pass", async () => {
      await withShop(async (store) => {
        const readings = await readSignals(sourcesOf(store), query, ['features.skew.spend_7d', 'features.skew.tier']);
        for (const feature of ['spend_7d', 'tier']) {
          const expected = await expectedRate(feature);
          expect(expected.checked).toBeGreaterThanOrEqual(MIN_SKEW_ROWS);
          expect(expected.mismatches).toBeGreaterThan(0);
          expect(readings.get(`features.skew.${feature}`)).toEqual({
            kind: 'value',
            value: expected.mismatchRate,
            rows: expected.checked,
            ...WINDOW,
            model: { name: 'shop', version: 1 },
          });
        }
      });
    });

    it('reads no data, with the reason, when the skew cannot be measured', async () => {
      await withShop(async (store) => {
        const short = { ...WINDOW, end: '2026-03-11T00:00:00.000Z' };
        const readings = await readSignals(
          sourcesOf(store),
          { ...query, window: short, windowMs: Date.parse(short.end) - Date.parse(short.start) },
          ['features.skew.spend_7d', 'features.skew.other'],
        );
        expect(readings.get('features.skew.spend_7d')).toMatchObject({
          kind: 'no_data',
          reason: expect.stringMatching(/predictions with an entity key in the window; the signal needs at least 30/),
        });
        expect(readings.get('features.skew.other')).toMatchObject({ kind: 'no_data', reason: expect.stringMatching(/named "other"/) });
        // A candidate version's reading counts its own predictions only: here, none.
        const candidate = await readSignals(sourcesOf(store), { ...query, versionId: 'sv2' }, ['features.skew.spend_7d']);
        expect(candidate.get('features.skew.spend_7d')).toMatchObject({ kind: 'no_data', reason: expect.stringMatching(/^0 predictions/) });

        // A source that cannot be read any more.
        await store.transaction((tx) =>
          tx.featureSets.append({
            definitions: { ...SKEW_DEFINITIONS, sources: [{ ...SKEW_DEFINITIONS.sources[0]!, path: '/nonexistent/tx.csv' }] },
            sha256: 'd'.repeat(64),
            sourceFile: 'features.yaml',
            createdBy: 'ann',
            createdAt: NOW.toISOString(),
          }),
        );
        const broken = await readSignals(sourcesOf(store), query, ['features.skew.spend_7d']);
        expect(broken.get('features.skew.spend_7d')).toMatchObject({
          kind: 'no_data',
          reason: expect.stringMatching(/could not be measured: source transactions: cannot read/),
        });
      });
      await withShop(
        async (store) => {
          const readings = await readSignals(sourcesOf(store), query, ['features.skew.spend_7d']);
          expect(readings.get('features.skew.spend_7d')).toMatchObject({
            kind: 'no_data',
            reason: expect.stringMatching(/does not enrich/),
          });
        },
        { enriched: false },
      );
      await withShop(
        async (store) => {
          const readings = await readSignals(sourcesOf(store), query, ['features.skew.spend_7d']);
          expect(readings.get('features.skew.spend_7d')).toMatchObject({
            kind: 'no_data',
            reason: 'no feature definitions have been applied',
          });
        },
        { definitions: false },
      );
    });

    it('reads the definitions the deployment serves with when its deploy stamped their version', async () => {
      await withShop(async (store) => {
        const shop = (await store.deployments.findByName('shop'))!;
        const stamp = (version: number) =>
          store.db
            .updateTable('deployments')
            .set({ config: JSON.stringify({ ...shop.config, features: { ...SKEW_ENRICHMENT, featureSetVersion: version } }) })
            .where('name', '=', 'shop')
            .execute();
        await store.transaction((tx) =>
          tx.featureSets.append({
            definitions: { ...SKEW_DEFINITIONS, sources: [{ ...SKEW_DEFINITIONS.sources[0]!, path: '/nonexistent/tx.csv' }] },
            sha256: 'd'.repeat(64),
            sourceFile: 'features.yaml',
            createdBy: 'ann',
            createdAt: NOW.toISOString(),
          }),
        );
        await stamp(1);
        const served = await readSignals(sourcesOf(store), query, ['features.skew.spend_7d']);
        expect(served.get('features.skew.spend_7d')).toMatchObject({ kind: 'value', value: (await expectedRate('spend_7d')).mismatchRate });
        await stamp(9);
        const gone = await readSignals(sourcesOf(store), query, ['features.skew.spend_7d']);
        expect(gone.get('features.skew.spend_7d')).toMatchObject({
          kind: 'no_data',
          reason: expect.stringMatching(/version 9\) are not stored/),
        });
      });
    });

    it('is accepted in a rule only for a feature the deployment enriches', async () => {
      const ctx = await testContext(factory);
      try {
        await seedSkewDeployment(ctx.store);
        const rules = (signal: string) =>
          parseAlertRules(
            `format: ballast.alerts/v1\nrules:\n  - {name: skew, deployment: shop, signal: ${signal}, window: 1h, above: 0.05, severity: ticket}\n`,
            'yaml',
            'alerts.yaml',
          );
        await expect(applyAlertRules(ctx, rules('features.skew.spend_per_tx'), 'admin')).resolves.toMatchObject({ added: ['skew'] });
        await expect(applyAlertRules(ctx, rules('features.skew.spend_30d'), 'admin')).rejects.toMatchObject({
          code: 'invalid_alert_rules',
          issues: [
            {
              path: ['rules', 0, 'signal'],
              message:
                'deployment shop does not enrich its requests with a feature named "spend_30d"; it enriches: spend_7d, n_tx_7d, tier, spend_per_tx',
            },
          ],
        });
        expect(() => rules('features.skew.')).toThrow(/features.skew.<feature> needs a feature name/);
      } finally {
        await ctx.close();
      }
    });
  });
}
