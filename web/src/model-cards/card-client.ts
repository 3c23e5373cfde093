import type { Send } from '../api/rollout-client.ts';
import type { ModelCard } from './card-types.ts';

/** The model card route, part of the ApiClient. */
export interface ModelCardApi {
  /** The card generated now from what Ballast knows of the version (JSON form). */
  modelCard(name: string, version: number, signal?: AbortSignal): Promise<ModelCard>;
}

export function modelCardMethods(send: Send): ModelCardApi {
  return {
    modelCard: (name, version, signal) =>
      send('GET', `/v1/models/${encodeURIComponent(name)}/versions/${version}/card?format=json`, undefined, signal),
  };
}
