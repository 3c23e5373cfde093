import type { Send } from '../api/rollout-client.ts';
import type { ExplainAnswer, VersionImportance } from './explain-types.ts';

/** The explanation routes, part of the ApiClient. */
export interface ExplainApi {
  /** Explains a logged prediction with the version and inputs it was made with; `top` reasons (the server's default: 3). */
  explainPrediction(deployment: string, predictionId: string, top?: number): Promise<ExplainAnswer>;
  /** Rejects with code `importance_not_found` when the version has none stored. */
  importance(name: string, version: number, signal?: AbortSignal): Promise<VersionImportance>;
}

const segment = encodeURIComponent;

export function explainMethods(send: Send): ExplainApi {
  return {
    explainPrediction: (deployment, predictionId, top) =>
      send(
        'POST',
        `/v1/deployments/${segment(deployment)}/explain`,
        top === undefined ? { prediction_id: predictionId } : { prediction_id: predictionId, top },
      ),
    importance: (name, version, signal) => send('GET', `/v1/models/${segment(name)}/versions/${version}/importance`, undefined, signal),
  };
}
