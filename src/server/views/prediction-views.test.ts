import { describe, expect, it } from 'vitest';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import { predictionDetailView, predictionView } from './prediction-views.ts';

const record: PredictionLogRecord = {
  id: 'p1',
  at: '2026-11-25T10:00:00.000Z',
  deploymentId: 'd1',
  deploymentName: 'prices',
  versionId: 'v1',
  modelName: 'prices',
  modelVersion: 1,
  requestId: null,
  features: ['x'],
  inputs: { x: 1 },
  output: { value: 3 },
  latencyMs: 1,
};
const lineage = { artifactSha256: null, format: null, snapshotSha256: null, codeRef: null, contract: null };
const receivedAt = '2026-11-26T09:00:00.000Z';

describe('predictionDetailView', () => {
  it('names the current label as the model names its predictions: value for a regressor, label for a classifier', () => {
    expect(predictionDetailView(record, lineage, { label: 3.5, receivedAt, kind: 'regression' }).feedback).toEqual({
      value: 3.5,
      received_at: receivedAt,
      source: null,
    });
    expect(predictionDetailView(record, lineage, { label: 'high', receivedAt, kind: 'multiclass', source: 'review' }).feedback).toEqual({
      label: 'high',
      received_at: receivedAt,
      source: 'review',
    });
    expect(predictionDetailView(record, lineage, null).feedback).toBeNull();
  });
});

describe('predictionView', () => {
  it('says which role answered, and null for a row logged before roles were recorded', () => {
    expect(predictionView({ ...record, role: 'canary' }).role).toBe('canary');
    expect(predictionView(record).role).toBeNull();
    expect(predictionDetailView({ ...record, role: 'green' }, lineage, null).role).toBe('green');
  });
});
