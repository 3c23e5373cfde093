import type { DeploymentConfig } from '../serving-records.ts';
import type { FeatureRef } from './feature-definitions.ts';

/** What a deployment enriches its requests with, as the skew check reads it. */
export interface SkewEnrichment {
  /** The request field (and source column) holding the entity key. */
  readonly entityKey: string;
  readonly features: readonly FeatureRef[];
}

/**
 * A deployment's enrichment from its config (`features: {entityKey, features: ['view:feature'],
 * onMissing}`, written by the deploy command), or undefined when it has none. The config was
 * validated when it was stored; a shape this cannot read is treated as no enrichment rather than a
 * failure, so one odd deployment never stops the alert evaluator.
 */
export function skewEnrichmentOf(config: DeploymentConfig): SkewEnrichment | undefined {
  const raw = (config as { readonly features?: unknown }).features;
  if (raw === null || typeof raw !== 'object') return undefined;
  const { entityKey, features } = raw as { entityKey?: unknown; features?: unknown };
  if (typeof entityKey !== 'string' || entityKey === '' || !Array.isArray(features)) return undefined;
  const refs: FeatureRef[] = [];
  for (const text of features) {
    if (typeof text !== 'string') return undefined;
    const colon = text.indexOf(':');
    if (colon <= 0 || colon === text.length - 1) return undefined;
    refs.push({ view: text.slice(0, colon), feature: text.slice(colon + 1) });
  }
  return refs.length === 0 ? undefined : { entityKey, features: refs };
}
