import type { DeploymentConfig } from '../serving-records.ts';
import type { FeatureRef } from './feature-definitions.ts';

/** What a deployment enriches its requests with, as the skew check reads it. */
export interface SkewEnrichment {
  /** The request field (and source column) holding the entity key. */
  readonly entityKey: string;
  /** Its `view:feature` refs; on-demand features (bare names) are computed from the request and never skew. */
  readonly features: readonly FeatureRef[];
  /** The feature-definitions version the deployment serves with, when the deploy stamped one. */
  readonly featureSetVersion?: number;
}

/**
 * A deployment's enrichment from its config (`features: {entityKey, features: ['view:feature'],
 * onMissing, featureSetVersion}`, written by the deploy command), or undefined when it enriches
 * with no view's feature. The config was
 * validated when it was stored; a shape this cannot read is treated as no enrichment rather than a
 * failure, so one odd deployment never stops the alert evaluator.
 */
export function skewEnrichmentOf(config: DeploymentConfig): SkewEnrichment | undefined {
  const raw = (config as { readonly features?: unknown }).features;
  if (raw === null || typeof raw !== 'object') return undefined;
  const { entityKey, features, featureSetVersion } = raw as { entityKey?: unknown; features?: unknown; featureSetVersion?: unknown };
  if (typeof entityKey !== 'string' || entityKey === '' || !Array.isArray(features)) return undefined;
  const refs: FeatureRef[] = [];
  for (const text of features) {
    if (typeof text !== 'string') return undefined;
    const colon = text.indexOf(':');
    if (colon < 0) continue;
    if (colon === 0 || colon === text.length - 1) return undefined;
    refs.push({ view: text.slice(0, colon), feature: text.slice(colon + 1) });
  }
  if (refs.length === 0) return undefined;
  const stamped = typeof featureSetVersion === 'number' && Number.isInteger(featureSetVersion) && featureSetVersion > 0;
  return { entityKey, features: refs, ...(stamped ? { featureSetVersion } : {}) };
}
