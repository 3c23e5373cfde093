import type { JoinKey } from '../core/join-key.ts';

/** A logged prediction an outcome (a label, an event) was joined to. */
interface Joinable {
  readonly predictionId: string;
  readonly requestId: string | null;
}

/**
 * The logged predictions each join key names: one for a prediction id, every prediction of the request
 * for a request id — each prediction once, even when it came back from both joins (named by its id and
 * by its request id in one batch), so a request-id item never writes two rows for one prediction.
 */
export function outcomeJoins<T extends Joinable>(targets: readonly T[]): (key: JoinKey) => readonly T[] {
  const byPrediction = new Map(targets.map((t) => [t.predictionId, t]));
  const byRequest = new Map<string, T[]>();
  for (const t of byPrediction.values()) {
    if (t.requestId === null) continue;
    const same = byRequest.get(t.requestId);
    if (same) same.push(t);
    else byRequest.set(t.requestId, [t]);
  }
  return ({ field, id }) => {
    if (field === 'request_id') return byRequest.get(id) ?? [];
    const target = byPrediction.get(id);
    return target === undefined ? [] : [target];
  };
}

/**
 * Why an item found no logged prediction: the id is unknown to the deployment, or its prediction was left
 * out of the log by the sample rate and can never be joined. `cannot` ends the sentence: "be labelled".
 */
export function unknownPredictionMessage(key: JoinKey, deployment: string, logSampleRate: number, cannot: string): string {
  const what =
    key.field === 'prediction_id'
      ? `no logged prediction of deployment "${deployment}" has id "${key.id}"`
      : `no logged prediction of deployment "${deployment}" has request id "${key.id}"`;
  const why =
    logSampleRate < 1
      ? `this deployment logs a share of ${logSampleRate} of its predictions (log_sample_rate), and one left out of the log cannot ${cannot}`
      : `a prediction left out of the log by a log sample rate cannot ${cannot}`;
  return `${what}; ${why}`;
}
