import { issuesError, type Issue } from '../issues.ts';
import type { OnMissingEntity } from './deployment-features.ts';
import { entityKeyText } from './point-in-time.ts';

export type EnrichedValue = string | number | boolean | null;

/** One view's features as a deployment reads them from the online store. */
export interface ViewLookup {
  readonly view: string;
  /** The view's features read; each fills the model input of its name. */
  readonly features: readonly string[];
}

/** A stored row of the online store, as enrichment reads it. */
export interface OnlineValues {
  readonly values: Readonly<Record<string, EnrichedValue>>;
  readonly eventTime: string;
}

/** How a deployment completes its requests, resolved once when the deployment is loaded. */
export interface EnrichmentPlan {
  readonly featureSetVersion: number;
  readonly entityKey: string;
  readonly onMissing: OnMissingEntity;
  /** The deployment's refs as given (`view:feature`, or an on-demand feature's name). */
  readonly refs: readonly string[];
  readonly views: readonly ViewLookup[];
  /** On-demand features the deployment lists, computed after the lookup from the completed row. */
  readonly onDemand: readonly string[];
  /** Computes the listed on-demand features from a row's fields (core's one implementation). */
  readonly computeOnDemand?: (get: (name: string) => unknown) => Readonly<Record<string, EnrichedValue>>;
}

/**
 * What a logged prediction records of its enrichment (lineage): the feature-definitions version, the
 * entity key and, per view, the event time of the values used (null: the store had none). The
 * values themselves are the prediction's logged inputs (each feature fills the input of its name);
 * `fromRequest` names the features the request carried itself, which it keeps.
 */
export interface PredictionEnrichment {
  readonly featureSetVersion: number;
  readonly entityKey: string;
  readonly key: string | null;
  readonly features: readonly string[];
  readonly eventTimes: Readonly<Record<string, string | null>>;
  readonly fromRequest?: readonly string[];
}

/** Per view, the stored rows found for the keys asked. */
export type OnlineRead = ReadonlyMap<string, ReadonlyMap<string, OnlineValues>>;

/**
 * The entity keys of a request's rows, each once, in the online store's text form (42 and "42" are
 * one key). A row without its key cannot be completed: `missing_entity`, every such row named.
 */
export function requestKeys(plan: EnrichmentPlan, rows: readonly unknown[]): { keys: string[]; rowKeys: (string | null)[] } {
  const rowKeys = new Array<string | null>(rows.length);
  const unique = new Set<string>();
  let missing: Issue[] | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const raw = row !== null && typeof row === 'object' ? (row as Record<string, unknown>)[plan.entityKey] : undefined;
    const key = isKeyValue(raw) ? entityKeyText(raw) : null;
    rowKeys[i] = key;
    if (key === null) {
      // A row that is not an object is the instance reader's to report, as without enrichment.
      if (row !== null && typeof row === 'object')
        (missing ??= []).push({
          code: 'missing',
          path: ['instances', i, plan.entityKey],
          message: `has no entity key "${plan.entityKey}"`,
        });
    } else unique.add(key);
  }
  if (missing) throw issuesError('missing_entity', `the deployment completes rows from the online store by "${plan.entityKey}"`, missing);
  return { keys: [...unique], rowKeys };
}

/**
 * The rows completed from what the online store returned, and each row's enrichment record. A
 * value the request carries (not null) is kept: the client's explicit value wins over the store's.
 * A key the store lacks in a view leaves that view's features missing (null), or with `reject`
 * fails the request with `missing_entity`, every such row named.
 */
export function enrichRows(
  plan: EnrichmentPlan,
  rows: readonly unknown[],
  rowKeys: readonly (string | null)[],
  read: OnlineRead,
): { rows: unknown[]; records: (PredictionEnrichment | undefined)[] } {
  const out = new Array<unknown>(rows.length);
  const records = new Array<PredictionEnrichment | undefined>(rows.length);
  let rejected: Issue[] | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const key = rowKeys[i] ?? null;
    if (row === null || typeof row !== 'object' || key === null) {
      out[i] = row;
      continue;
    }
    const given = row as Record<string, unknown>;
    const completed: Record<string, unknown> = { ...given };
    const eventTimes: Record<string, string | null> = {};
    let fromRequest: string[] | undefined;
    for (const lookup of plan.views) {
      const stored = read.get(lookup.view)?.get(key);
      eventTimes[lookup.view] = stored?.eventTime ?? null;
      if (stored === undefined && plan.onMissing === 'reject')
        (rejected ??= []).push({
          code: 'missing',
          path: ['instances', i, plan.entityKey],
          message: `the online store has no values of view "${lookup.view}" for key "${key}"`,
        });
      for (const feature of lookup.features) {
        if (carries(given, feature)) (fromRequest ??= []).push(feature);
        else completed[feature] = stored?.values[feature] ?? null;
      }
    }
    if (plan.onDemand.length > 0 && plan.computeOnDemand) {
      const computed = plan.computeOnDemand((name) => completed[name]);
      for (const name of plan.onDemand) {
        if (carries(given, name)) (fromRequest ??= []).push(name);
        else completed[name] = computed[name] ?? null;
      }
    }
    out[i] = completed;
    records[i] = {
      featureSetVersion: plan.featureSetVersion,
      entityKey: plan.entityKey,
      key,
      features: plan.refs,
      eventTimes,
      ...(fromRequest ? { fromRequest } : {}),
    };
  }
  if (rejected)
    throw issuesError('missing_entity', 'the online store has no values for an entity and the deployment rejects such requests', rejected);
  return { rows: out, records };
}

function carries(row: Record<string, unknown>, name: string): boolean {
  const value = row[name];
  return value !== undefined && value !== null;
}

function isKeyValue(value: unknown): value is string | number | boolean | bigint {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint';
}
