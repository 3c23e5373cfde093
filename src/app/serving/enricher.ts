import type { DeploymentFeatures } from '../../core/features/deployment-features.ts';
import {
  enrichRows,
  requestKeys,
  type EnrichmentPlan,
  type OnlineValues,
  type PredictionEnrichment,
} from '../../core/features/enrich-rows.ts';
import { enrichmentPlan } from '../../core/features/enrichment-plan.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { ModelSignature } from '../../core/signature.ts';
import type { AppContext } from '../context.ts';
import { currentFeatureSet } from '../features/current-feature-set.ts';
import { onlineStoreOf, type OnlineStore } from '../features/online-store.ts';

/** A request's rows completed from the online store, with each row's enrichment record for the log. */
export interface EnrichedRows {
  readonly rows: readonly Record<string, unknown>[];
  readonly records: readonly (PredictionEnrichment | undefined)[];
}

/** One deployment revision's enrichment, resolved once when the revision is loaded. */
export interface Enricher {
  readonly plan: EnrichmentPlan;
  /**
   * What a V2 request must carry: the model's inputs but the ones enrichment fills, and the entity
   * key (sent as a BYTES tensor).
   */
  readonly requestSignature: ModelSignature;
  enrich(rows: readonly unknown[]): Promise<EnrichedRows>;
}

/**
 * Loads a deployment's enrichment: the feature definitions it was stamped with, its plan against the
 * stable version's inputs, and the online store to read. Per request, the keys of all its rows are
 * read in one batched call per view (every view at once), never row by row, and concurrent
 * requests share those calls (coalescedReads).
 */
export async function loadEnricher(ctx: AppContext, features: DeploymentFeatures, version: ModelVersionRecord): Promise<Enricher> {
  const set = await currentFeatureSet(ctx, features.featureSetVersion);
  const plan: EnrichmentPlan = enrichmentPlan(
    set.definitions,
    features,
    version.signature.inputs.map((input) => input.name),
  );
  const filled = new Set([...plan.views.flatMap((view) => view.features), ...plan.onDemand]);
  const carried = version.signature.inputs.filter((input) => !filled.has(input.name));
  const keyIsInput = carried.some((input) => input.name === plan.entityKey);
  const requestSignature: ModelSignature = {
    ...version.signature,
    inputs: keyIsInput ? carried : [{ name: plan.entityKey, type: 'string' }, ...carried],
  };
  const read = coalescedReads(onlineStoreOf(ctx));
  return { plan, requestSignature, enrich: (rows) => enrich(plan, read, rows) };
}

type ViewRead = (view: string, keys: readonly string[]) => Promise<ReadonlyMap<string, OnlineValues>>;

/**
 * Reads of one view asked for while the event loop handles one round of I/O are made as one: under
 * load, the requests parsed together share a single query (at most one per view per request, and
 * far fewer at high concurrency). Each caller gets the whole answer and picks its own keys; a
 * failed read fails every request that shared it.
 */
function coalescedReads(store: OnlineStore): ViewRead {
  const pending = new Map<string, { keys: Set<string>; answer: Promise<ReadonlyMap<string, OnlineValues>> }>();
  return (view, keys) => {
    let batch = pending.get(view);
    if (batch === undefined) {
      const gathered = new Set<string>();
      const answer = new Promise<ReadonlyMap<string, OnlineValues>>((resolve, reject) =>
        setImmediate(() => {
          pending.delete(view);
          store.read(view, [...gathered]).then(resolve, reject);
        }),
      );
      pending.set(view, (batch = { keys: gathered, answer }));
    }
    for (const key of keys) batch.keys.add(key);
    return batch.answer;
  };
}

async function enrich(plan: EnrichmentPlan, readView: ViewRead, rows: readonly unknown[]): Promise<EnrichedRows> {
  const { keys, rowKeys } = requestKeys(plan, rows);
  const read = new Map<string, ReadonlyMap<string, OnlineValues>>();
  if (keys.length > 0) {
    const found = await Promise.all(plan.views.map((view) => readView(view.view, keys)));
    plan.views.forEach((view, i) => read.set(view.view, found[i]!));
  }
  const completed = enrichRows(plan, rows, rowKeys, read);
  return { rows: completed.rows as Record<string, unknown>[], records: completed.records };
}
