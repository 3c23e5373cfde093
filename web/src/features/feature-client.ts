import type { Send } from '../api/rollout-client.ts';
import type { FeatureLookup, FeatureViewsOverview } from './feature-types.ts';

/** The feature routes, part of the ApiClient. */
export interface FeatureApi {
  /** Rejects with code `feature_set_not_found` before any `ballast features apply`. */
  featureViews(signal?: AbortSignal): Promise<FeatureViewsOverview>;
  /** The online values of a view's features for entity keys, in the order asked. */
  lookupFeatures(view: string, keys: readonly string[], signal?: AbortSignal): Promise<FeatureLookup>;
}

export function featureMethods(send: Send): FeatureApi {
  return {
    featureViews: (signal) => send('GET', '/v1/feature-views', undefined, signal),
    lookupFeatures: (view, keys, signal) => send('POST', `/v1/features/${encodeURIComponent(view)}/lookup`, { keys }, signal),
  };
}
