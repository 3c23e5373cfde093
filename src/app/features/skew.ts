import { BallastError } from '../../core/errors.ts';
import { computeViewFeatures, viewSourceColumns } from '../../core/features/compute-features.ts';
import type { FeatureDefinitions, FeatureRef, FeatureType } from '../../core/features/feature-definitions.ts';
import { formatFeatureRef } from '../../core/features/feature-definitions.ts';
import { entityKeyText, PointInTimeIndex } from '../../core/features/point-in-time.ts';
import { resolveFeatureRefs, type ResolvedFeature } from '../../core/features/resolve-feature-refs.ts';
import { skewEnrichmentOf, type SkewEnrichment } from '../../core/features/skew-enrichment.ts';
import { compareFeature, FeatureSkewTally, servedValue, type FeatureSkewSummary } from '../../core/features/skew.ts';
import type { DeploymentRecord, PredictionLogRecord } from '../../core/serving-records.ts';
import type { Cell } from '../../core/table.ts';
import type { Database } from '../../store/schema.ts';
import type { Store } from '../../store/store.ts';
import type { Kysely } from 'kysely';
import { readSourceRows } from './read-source.ts';

/** What the skew check reads: the deployment, its logged predictions, the feature definitions and their sources. */
export type SkewStore = Pick<Store, 'deployments' | 'featureSets' | 'predictions' | 'monitoring' | 'db'>;

/** One enriched feature's skew over the predictions read. */
export interface FeatureSkew {
  readonly ref: FeatureRef;
  readonly type: FeatureType;
  readonly summary: FeatureSkewSummary;
}

export interface MeasuredSkew {
  readonly featureSetVersion: number;
  readonly entityKey: string;
  /** Predictions whose logged inputs have no entity key: nothing to look up offline. */
  readonly unkeyed: number;
  readonly features: readonly FeatureSkew[];
}

/**
 * The deployment's enrichment, or a clear error: skew is only defined for a deployment whose requests
 * are completed from the feature store.
 */
export function enrichmentOrThrow(deployment: DeploymentRecord): SkewEnrichment {
  const enrichment = skewEnrichmentOf(deployment.config);
  if (enrichment === undefined)
    throw new BallastError(
      'invalid_argument',
      `deployment ${deployment.name} does not enrich its requests from the feature store, so it has no train/serve skew to measure (deploy it with --features KEY=view:feature,…)`,
    );
  return enrichment;
}

/**
 * Recomputes offline, point in time, the enriched features of each prediction and compares them
 * with the values it was served: per view, the source is read once (readSourceRows) and indexed by
 * key (PointInTimeIndex, Feast's semantics with the view's TTL), and each prediction takes the row
 * that a training set built for (key, prediction time) would take; derived features are computed
 * from that row by the same code as materialisation (computeViewFeatures).
 *
 * The served values are the prediction's logged inputs, by the feature's name: what the model saw,
 * whichever way the value reached it (the online store, or the request itself). The entity key is
 * the one the prediction's enrichment record names, else the logged input of the key field;
 * a prediction with neither counts as unkeyed.
 *
 * On-demand features are left out: they are computed from the request by the same code online and
 * offline, with no point in time to get wrong.
 */
export async function measureSkew(
  store: { readonly db?: Kysely<Database> },
  definitions: { readonly version: number; readonly definitions: FeatureDefinitions },
  enrichment: SkewEnrichment,
  predictions: readonly PredictionLogRecord[],
  tolerance: number,
): Promise<MeasuredSkew> {
  const resolved = resolveFeatureRefs(definitions.definitions, enrichment.features).filter(
    (r): r is Extract<ResolvedFeature, { kind: 'view' }> => r.kind === 'view',
  );
  const keyed = predictions.flatMap((p) => {
    const key = servedKey(p, enrichment.entityKey);
    const time = Date.parse(p.at);
    return key === null || !Number.isFinite(time) ? [] : [{ prediction: p, key, time }];
  });
  const keys = [...new Set(keyed.map((k) => k.key))];
  const tallies = new Map(resolved.map((r) => [formatFeatureRef(r.ref), new FeatureSkewTally()]));
  for (const name of [...new Set(resolved.map((r) => r.view.name))]) {
    const refs = resolved.filter((r) => r.view.name === name);
    const { view, source, entity } = refs[0]!;
    const columns = viewSourceColumns(view);
    // Only the predictions' keys leave DuckDB: a large source is filtered where it is read.
    const rows = await readSourceRows(source, entity.key, columns, { db: store.db, keys });
    const index = new PointInTimeIndex(rows.times);
    const ttlMs = view.ttlSeconds === null ? null : view.ttlSeconds * 1000;
    const computed = new Map<number, Readonly<Record<string, unknown>>>();
    const offlineAt = (row: number) => {
      let values = computed.get(row);
      if (values === undefined) {
        const cells = rows.cells[row]!;
        values = computeViewFeatures(view, (name: string): Cell => cells[columns.indexOf(name)] ?? null);
        computed.set(row, values);
      }
      return values;
    };
    for (const { prediction, key, time } of keyed) {
      const row = index.lookup({ key, time }, ttlMs);
      const offline = row < 0 ? undefined : offlineAt(row);
      for (const { ref, feature } of refs) {
        // A version that does not take the feature was not served it: nothing to compare.
        if (!prediction.features.includes(feature.name)) continue;
        const served = servedValue(prediction.inputs[feature.name], feature.type);
        const expected = servedValue(offline?.[feature.name], feature.type);
        tallies
          .get(formatFeatureRef(ref))!
          .add(
            { predictionId: prediction.id, versionId: prediction.versionId, at: prediction.at, entityKey: key, served, offline: expected },
            compareFeature(served, expected, tolerance),
          );
      }
    }
  }
  return {
    featureSetVersion: definitions.version,
    entityKey: enrichment.entityKey,
    unkeyed: predictions.length - keyed.length,
    features: resolved.map((r) => ({ ref: r.ref, type: r.feature.type, summary: tallies.get(formatFeatureRef(r.ref))!.summary() })),
  };
}

/**
 * The entity key a prediction was enriched for: its log record's enrichment names it (the key need
 * not be a model input); predictions logged without one fall back to the logged input of that name.
 */
function servedKey(prediction: PredictionLogRecord, entityKey: string): string | null {
  const recorded = (prediction as { readonly enrichment?: { readonly key?: unknown } }).enrichment?.key;
  if (typeof recorded === 'string') return entityKeyText(recorded);
  return entityKeyText(prediction.inputs[entityKey] as string | number | boolean | null | undefined);
}
