import type { PredictionLogRecord } from '../../core/serving-records.ts';
import type { ModelSignature } from '../../core/signature.ts';
import type { Store } from '../../store/store.ts';

const at = '2026-11-25T10:00:00.000Z';

/** A deployment of a fresh version with this output, and its logged predictions (id → request id). */
export async function deployWithPredictions(
  store: Store,
  name: string,
  output: ModelSignature['output'],
  predictions: Record<string, string | null>,
  logSampleRate = 1,
): Promise<void> {
  const versionId = `v-${name}`;
  await store.artifacts.insertIfAbsent({ sha256: 'f'.repeat(64), sizeBytes: 1, mediaType: 'application/json', createdAt: at });
  await store.models.insert({
    id: `m-${name}`,
    name,
    description: '',
    owner: '',
    intendedUse: '',
    tags: [],
    createdBy: 't',
    createdAt: at,
  });
  await store.versions.insert({
    id: versionId,
    modelId: `m-${name}`,
    version: 1,
    artifactSha256: 'f'.repeat(64),
    format: 'xgboost',
    signature: { inputs: [{ name: 'x', type: 'number' }], output },
    snapshotId: null,
    contractId: null,
    codeRef: null,
    parameters: {},
    metrics: {},
    createdBy: 't',
    createdAt: at,
  });
  await store.deployments.insert({
    id: `d-${name}`,
    name,
    versionId,
    config: { maxBatchSize: 64, maxDelayMs: 5, logSampleRate },
    revision: 1,
    createdBy: 't',
    createdAt: at,
    updatedBy: 't',
    updatedAt: at,
  });
  const records: PredictionLogRecord[] = Object.entries(predictions).map(([id, requestId]) => ({
    ...loggedPrediction(name),
    id,
    requestId,
  }));
  await store.predictions.insertMany(records);
}

export function loggedPrediction(deployment: string): PredictionLogRecord {
  return {
    id: '',
    at,
    deploymentId: `d-${deployment}`,
    deploymentName: deployment,
    versionId: `v-${deployment}`,
    modelName: deployment,
    modelVersion: 1,
    requestId: null,
    features: ['x'],
    inputs: { x: 1 },
    output: {},
    latencyMs: 1,
  };
}
