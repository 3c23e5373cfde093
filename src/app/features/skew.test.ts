import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { FeatureDefinitions } from '../../core/features/feature-definitions.ts';
import { skewEnrichmentOf } from '../../core/features/skew-enrichment.ts';
import {
  DEFAULT_DEPLOYMENT_CONFIG,
  type DeploymentConfig,
  type DeploymentRecord,
  type PredictionLogRecord,
} from '../../core/serving-records.ts';
import { enrichmentOrThrow, measureSkew } from './skew.ts';
import { expectedSkew, fixturePredictions, SKEW_DEFINITIONS, SKEW_ENRICHMENT, SKEW_FEATURES } from './testing/skew-test-data.ts';

const enrichment = skewEnrichmentOf({ ...DEFAULT_DEPLOYMENT_CONFIG, features: SKEW_ENRICHMENT } as DeploymentConfig)!;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('measureSkew against pandas (test/fixtures/features/skew/make_skew.py)', () => {
  it('counts, per feature, what merge_asof with the TTL says the served values miss', async () => {
    const expected = expectedSkew();
    const measured = await measureSkew(
      {},
      { version: 3, definitions: SKEW_DEFINITIONS },
      enrichment,
      fixturePredictions(),
      expected.tolerance,
    );
    expect(measured.featureSetVersion).toBe(3);
    expect(measured.unkeyed).toBe(expected.unkeyed);
    expect(measured.features.map((f) => f.ref.feature)).toEqual([...SKEW_FEATURES]);
    for (const { ref, summary } of measured.features) {
      const want = expected.features[ref.feature as (typeof SKEW_FEATURES)[number]];
      expect({ feature: ref.feature, ...summary, largestDifferences: undefined }).toEqual({
        feature: ref.feature,
        checked: want.checked,
        compared: want.compared,
        matches: want.matches,
        mismatches: want.mismatches,
        mismatchRate: want.mismatches / want.checked,
        missingOffline: want.missing_offline,
        missingOnline: want.missing_online,
        bothMissing: want.both_missing,
        largestDifferences: undefined,
      });
      const numeric = summary.largestDifferences.filter((e) => e.difference !== null);
      expect(numeric.map((e) => Math.abs(e.difference!))).toEqual(want.largest_abs_differences.map((d) => expect.closeTo(d, 9)));
      // Every example's offline value is pandas' point-in-time value for that prediction.
      for (const e of summary.largestDifferences) expect(e.offline).toEqual(pandasValue(expected.offline[e.predictionId]![ref.feature]));
    }
  });

  it('finds no skew when every prediction was served its offline value', async () => {
    const expected = expectedSkew();
    const exact = fixturePredictions().map((p) => ({
      ...p,
      inputs: { ...p.inputs, ...(expected.offline[p.id] ?? {}) },
    }));
    const measured = await measureSkew({}, { version: 1, definitions: SKEW_DEFINITIONS }, enrichment, exact, 0);
    for (const { summary } of measured.features) {
      expect(summary.mismatches).toBe(0);
      expect(summary.checked).toBe(exact.length - expected.unkeyed);
    }
  });

  it("takes the entity key from the prediction's enrichment record when the model does not take it as an input", async () => {
    const expected = expectedSkew();
    const keyless = fixturePredictions().map((p) => {
      const { customer_id: key, ...inputs } = p.inputs;
      const enrichment = { featureSetVersion: 1, entityKey: 'customer_id', key, features: [], eventTimes: {} };
      return { ...p, features: p.features.filter((f) => f !== 'customer_id'), inputs, enrichment } as PredictionLogRecord;
    });
    const measured = await measureSkew({}, { version: 1, definitions: SKEW_DEFINITIONS }, enrichment, keyless, expected.tolerance);
    expect(measured.unkeyed).toBe(expected.unkeyed);
    expect(measured.features.map((f) => f.summary.mismatches)).toEqual(SKEW_FEATURES.map((f) => expected.features[f].mismatches));
  });

  it('honours the TTL to the millisecond and an event exactly at the prediction time', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ballast-skew-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'tx.csv'), 'customer_id,event_time,spend_7d\n7,2026-03-01T00:00:00Z,10\n7,2026-03-05T00:00:00Z,20\n');
    const definitions: FeatureDefinitions = {
      ...SKEW_DEFINITIONS,
      sources: [{ name: 'transactions', path: path.join(dir, 'tx.csv'), timestamp: 'event_time' }],
      featureViews: [
        { name: 'tx', entity: 'customer', source: 'transactions', ttlSeconds: 86_400, features: [{ name: 'spend_7d', type: 'number' }] },
      ],
    };
    const base = fixturePredictions()[0]!;
    const at = (id: string, time: string, spend: number | null) => ({
      ...base,
      id,
      at: time,
      inputs: { ...base.inputs, customer_id: 7, spend_7d: spend },
    });
    const predictions = [
      at('before', '2026-02-28T23:59:59.999Z', null), // no event yet: both missing
      at('exact', '2026-03-01T00:00:00.000Z', 10), // event at the same instant counts
      at('edge', '2026-03-02T00:00:00.000Z', 10), // exactly the TTL later: still valid
      at('past', '2026-03-02T00:00:00.001Z', 10), // 1 ms past the TTL: offline has nothing
      at('newer', '2026-03-05T12:00:00.000Z', 10), // served the stale value
    ];
    const measured = await measureSkew(
      {},
      { version: 1, definitions },
      { entityKey: 'customer_id', features: [{ view: 'tx', feature: 'spend_7d' }] },
      predictions,
      1e-6,
    );
    const summary = measured.features[0]!.summary;
    expect(summary).toMatchObject({ checked: 5, matches: 2, bothMissing: 1, missingOffline: 1, mismatches: 2 });
    expect(summary.largestDifferences.map((e) => [e.predictionId, e.entityKey, e.served, e.offline, e.difference])).toEqual([
      ['newer', '7', 10, 20, -10],
      ['past', '7', 10, null, null],
    ]);
  });

  it('names an enriched feature the definitions lack', async () => {
    const promise = measureSkew(
      {},
      { version: 1, definitions: SKEW_DEFINITIONS },
      { entityKey: 'customer_id', features: [{ view: 'tx', feature: 'spend_30d' }] },
      [],
      0,
    );
    await expect(promise).rejects.toMatchObject({ code: 'feature_not_found', message: expect.stringMatching(/spend_30d/) });
  });
});

describe('enrichmentOrThrow', () => {
  it('refuses a deployment that does not enrich its requests', () => {
    const deployment = { name: 'plain', config: DEFAULT_DEPLOYMENT_CONFIG } as DeploymentRecord;
    expect(() => enrichmentOrThrow(deployment)).toThrow(BallastError);
    expect(() => enrichmentOrThrow(deployment)).toThrow(/plain does not enrich/);
  });
});

const pandasValue = (v: string | number | null | undefined) => (v === undefined ? null : v);
