import { describe, expect, it } from 'vitest';
import { ServerMetrics } from './metrics.ts';
import { requestOutcomes } from './request-outcomes.ts';

describe('requestOutcomes', () => {
  it('counts answered requests (not predictions) and failed ones per deployment, over every version and code', async () => {
    const metrics = new ServerMetrics();
    const served = (deployment: string, version: number, rows: number) => ({
      deployment,
      model: { name: 'credit', version },
      ids: Array.from({ length: rows }, (_, i) => `id${i}`),
      logged: rows,
    });
    metrics.recordPredictions(served('credit', 1, 5), 0.001);
    metrics.recordPredictions(served('credit', 2, 1), 0.001);
    metrics.recordPredictions(served('other', 1, 3), 0.001);
    metrics.predictionErrors.inc({ deployment: 'credit', code: 'invalid_value' });
    metrics.predictionErrors.inc({ deployment: 'credit', code: 'contract_violation' }, 2);
    const outcomes = await requestOutcomes(metrics);
    expect(outcomes('credit')).toEqual({ answered: 2, failed: 3 });
    expect(outcomes('other')).toEqual({ answered: 1, failed: 0 });
    expect(outcomes('never')).toEqual({ answered: 0, failed: 0 });
  });
});
