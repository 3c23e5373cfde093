import { describe, expect, it } from 'vitest';
import { outcomeJoins, unknownPredictionMessage } from './outcome-joins.ts';

describe('outcomeJoins', () => {
  const targets = [
    { predictionId: 'p1', requestId: 'r1' },
    { predictionId: 'p2', requestId: 'r1' },
    { predictionId: 'p3', requestId: null },
    // p1 again: named by its id and by its request id, it came back from both joins.
    { predictionId: 'p1', requestId: 'r1' },
  ];
  const joinsOf = outcomeJoins(targets);

  it('joins a prediction id to its prediction and a request id to each prediction of the request once', () => {
    expect(joinsOf({ field: 'prediction_id', id: 'p3' }).map((t) => t.predictionId)).toEqual(['p3']);
    expect(joinsOf({ field: 'request_id', id: 'r1' }).map((t) => t.predictionId)).toEqual(['p1', 'p2']);
    expect(joinsOf({ field: 'prediction_id', id: 'nope' })).toEqual([]);
    expect(joinsOf({ field: 'request_id', id: 'nope' })).toEqual([]);
  });
});

describe('unknownPredictionMessage', () => {
  it('says why a prediction cannot be joined, naming the sample rate when the deployment samples its log', () => {
    expect(unknownPredictionMessage({ field: 'request_id', id: 'r9' }, 'credit', 0.25, 'have events')).toBe(
      'no logged prediction of deployment "credit" has request id "r9"; this deployment logs a share of 0.25 of its predictions (log_sample_rate), and one left out of the log cannot have events',
    );
    expect(unknownPredictionMessage({ field: 'prediction_id', id: 'p9' }, 'credit', 1, 'be labelled')).toBe(
      'no logged prediction of deployment "credit" has id "p9"; a prediction left out of the log by a log sample rate cannot be labelled',
    );
  });
});
