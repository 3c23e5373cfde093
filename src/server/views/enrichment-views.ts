import type { PredictionLogRecord } from '../../core/serving-records.ts';
import type { DeploymentFeatures } from '../../core/features/deployment-features.ts';
import { ON_DEMAND_VIEW } from '../../core/features/resolve-feature-refs.ts';
import type { PredictionEnrichment } from '../../core/features/enrich-rows.ts';
import { int, list, nullableStr, obj, str } from './wire-schema.ts';

/**
 * How a prediction was completed from the online store, on the wire: per feature of the deployment,
 * the value the model used (the logged input of the feature's name), the event time of the online
 * row it came from, and where it came from: `online`, `missing` (the store had no row for the key:
 * the value is missing), `request` (the client sent it; the request wins), `on_demand` (computed
 * from the request's fields).
 */
export function enrichmentView(e: PredictionEnrichment, inputs: PredictionLogRecord['inputs']) {
  const fromRequest = new Set(e.fromRequest ?? []);
  return {
    feature_set_version: e.featureSetVersion,
    entity_key: e.entityKey,
    key: e.key,
    features: e.features.map((ref) => {
      const colon = ref.indexOf(':');
      const view = ref.slice(0, colon) === ON_DEMAND_VIEW ? null : ref.slice(0, colon);
      const name = ref.slice(colon + 1);
      const eventTime = view === null ? null : (e.eventTimes[view] ?? null);
      const origin = fromRequest.has(name) ? 'request' : view === null ? 'on_demand' : eventTime === null ? 'missing' : 'online';
      return { ref, name, value: inputs[name] ?? null, event_time: origin === 'online' ? eventTime : null, origin };
    }),
  };
}

const scalar = { type: ['string', 'number', 'boolean', 'null'] } as const;
export const enrichmentSchema = obj(
  {
    feature_set_version: int,
    entity_key: str,
    key: nullableStr,
    features: list(
      obj({
        ref: str,
        name: str,
        value: scalar,
        event_time: nullableStr,
        origin: { type: 'string', enum: ['online', 'missing', 'request', 'on_demand'] },
      }),
    ),
  },
  { description: "how the request was completed from the online store (the deployment's features); absent without enrichment" },
);

/** A deployment's features on the wire, as `config.features` is given to `POST /v1/deployments`. */
export function deploymentFeaturesView(f: DeploymentFeatures) {
  return { entity_key: f.entityKey, features: [...f.features], on_missing_entity: f.onMissing, feature_set_version: f.featureSetVersion };
}

export const deploymentFeaturesSchema = obj(
  { entity_key: str, features: list(str), on_missing_entity: str, feature_set_version: int },
  { description: 'enrichment from the online store; absent: none' },
);

export interface DeploymentFeaturesWire {
  readonly entity_key?: unknown;
  readonly features?: unknown;
  readonly on_missing_entity?: unknown;
}

/** The request's `config.features` as the app names it (null removes enrichment). */
export function deploymentFeaturesInput(f: DeploymentFeaturesWire | null): unknown {
  if (f === null) return null;
  return {
    ...(f.entity_key !== undefined ? { entityKey: f.entity_key } : {}),
    ...(f.features !== undefined ? { features: f.features } : {}),
    ...(f.on_missing_entity !== undefined ? { onMissing: f.on_missing_entity } : {}),
  };
}

export const deploymentFeaturesRequestSchema = {
  type: ['object', 'null'],
  description:
    'Complete each request from the online store: a row carrying entity_key gets these features (view:feature; on_demand:name for an on-demand feature, computed from the request fields) before its contract check; each feature fills the model input of its name, and a value the request carries is kept. null removes enrichment; absent keeps it.',
  properties: {
    entity_key: { type: 'string', description: 'the request field holding the entity key, e.g. customer_id' },
    features: { type: 'array', items: { type: 'string' }, description: 'e.g. ["tx:spend_7d", "tx:n_tx_7d"]' },
    on_missing_entity: {
      type: 'string',
      enum: ['missing', 'reject'],
      description: 'missing (default): an entity the store lacks gives missing values; reject: a 422 missing_entity',
    },
  },
  required: ['entity_key', 'features'],
  additionalProperties: false,
} as const;
