import { fitPcaReconstruction } from '../../../core/drift/pca-reconstruction.ts';
import { DatasetProfile } from '../../../core/profiles/dataset-profile.ts';
import type { ModelVersionRecord } from '../../../core/registry-records.ts';
import type { PredictionLogRecord } from '../../../core/serving-records.ts';
import type { ReferenceProfileRecord } from '../../../store/monitoring-repository.ts';

/** Rows and a reference shared by the window profiler's and window recovery's tests. */
export const T0 = Date.parse('2026-11-25T10:00:00.000Z');

export const version: ModelVersionRecord = {
  id: 'v1',
  modelId: 'm1',
  modelName: 'credit',
  version: 1,
  artifactSha256: 'a'.repeat(64),
  format: 'xgboost',
  signature: {
    inputs: [
      { name: 'age', type: 'number' },
      { name: 'income', type: 'number' },
      { name: 'sex', type: 'string' },
    ],
    output: { kind: 'binary', classes: [0, 1] },
  },
  snapshotId: 's1',
  contractId: null,
  codeRef: null,
  parameters: {},
  metrics: {},
  createdBy: 'ann',
  createdAt: '2026-11-25T09:00:00.000Z',
};

const features = version.signature.inputs.map((input) => input.name);

export function logged(i: number, time: number, deployment = 'credit'): PredictionLogRecord {
  const p = ((i * 37) % 100) / 100;
  return {
    id: `p${i}`,
    at: new Date(time).toISOString(),
    deploymentId: 'd1',
    deploymentName: deployment,
    versionId: version.id,
    modelName: 'credit',
    modelVersion: 1,
    requestId: null,
    features,
    inputs: { age: 20 + (i % 50), income: i % 7 === 0 ? null : 1000 + ((i * 7919) % 5000), sex: i % 3 === 0 ? 'F' : 'M' },
    output: { label: p >= 0.5 ? 1 : 0, probabilities: [1 - p, p] },
    latencyMs: 1,
  };
}

export function referenceFor(records: readonly PredictionLogRecord[]): ReferenceProfileRecord {
  const schema = {
    columns: [
      { name: 'age', kind: 'numeric' as const, edges: [30, 40, 50], range: [20, 69] as [number, number] },
      { name: 'income', kind: 'numeric' as const, edges: [2000, 4000], range: [1000, 5999] as [number, number] },
      { name: 'sex', kind: 'categorical' as const },
      { name: 'prediction.label', kind: 'categorical' as const },
      { name: 'prediction.probability.0', kind: 'numeric' as const, edges: [0.5], range: [0, 1] as [number, number] },
      { name: 'prediction.probability.1', kind: 'numeric' as const, edges: [0.5], range: [0, 1] as [number, number] },
      { name: 'label', kind: 'categorical' as const },
    ],
  };
  const age = Float64Array.from(records, (r) => r.inputs.age as number);
  const income = Float64Array.from(records, (r) => (r.inputs.income as number | null) ?? Number.NaN);
  const pca = fitPcaReconstruction(['age', 'income'], [age, income], { varianceToKeep: 0.5 });
  if ('reason' in pca) throw new Error(pca.reason);
  return {
    versionId: version.id,
    profile: new DatasetProfile(schema).toJSON(),
    multivariate: pca,
    rows: records.length,
    createdAt: '2026-11-25T09:00:00.000Z',
  };
}
