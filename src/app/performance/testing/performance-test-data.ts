/**
 * A deployment `credit` for the performance tests: v1 a binary classifier (classes "no", "yes") with a
 * reference profile of its inputs x (numeric) and region (categorical); v2 a regressor without one.
 * Predictions are logged with ULIDs of their time, as the serving path logs them.
 */
import { monotonicFactory } from 'ulid';
import { normal, seeded } from '../../../core/contracts/testing/sample-distributions.ts';
import { DatasetProfile } from '../../../core/profiles/dataset-profile.ts';
import { SchemaProbe } from '../../../core/profiles/schema-probe.ts';
import type { PredictionLogRecord } from '../../../core/serving-records.ts';
import type { ClassLabel, ModelSignature } from '../../../core/signature.ts';
import type { Store } from '../../../store/store.ts';

export const T0 = Date.parse('2026-11-25T10:00:00.000Z');
const at = '2026-11-25T09:00:00.000Z';
const inputs: ModelSignature['inputs'] = [
  { name: 'x', type: 'number' },
  { name: 'region', type: 'string' },
];
const REGIONS = ['north', 'south', 'east'];

export async function seedPerformanceDeployment(store: Store): Promise<void> {
  await store.artifacts.insertIfAbsent({ sha256: 'a'.repeat(64), sizeBytes: 1, mediaType: 'application/json', createdAt: at });
  await store.models.insert({
    id: 'm1',
    name: 'credit',
    description: '',
    owner: '',
    intendedUse: '',
    tags: [],
    createdBy: 'ann',
    createdAt: at,
  });
  const version = { modelId: 'm1', artifactSha256: 'a'.repeat(64), format: 'xgboost' as const, snapshotId: null, contractId: null };
  const common = { codeRef: null, parameters: {}, metrics: {}, createdBy: 'ann', createdAt: at };
  await store.versions.insert({
    ...version,
    ...common,
    id: 'v1',
    version: 1,
    signature: { inputs, output: { kind: 'binary', classes: ['no', 'yes'] } },
  });
  await store.versions.insert({ ...version, ...common, id: 'v2', version: 2, signature: { inputs, output: { kind: 'regression' } } });
  await store.deployments.insert({
    id: 'd1',
    name: 'credit',
    versionId: 'v1',
    config: { maxBatchSize: 32, maxDelayMs: 2, logSampleRate: 1 },
    revision: 1,
    createdBy: 'ann',
    createdAt: at,
    updatedBy: 'ann',
    updatedAt: at,
  });
  const random = seeded(7);
  const reference = Array.from({ length: 3000 }, (_, i) => ({ x: normal(random), region: REGIONS[i % 3] }));
  const probe = new SchemaProbe(['x', 'region']);
  for (const r of reference) probe.addRecord(r);
  const profile = new DatasetProfile(probe.schema());
  reference.forEach((r, i) => profile.addRecord(r, (i * 0.618033988749895) % 1));
  await store.monitoring.saveReference({
    versionId: 'v1',
    profile: profile.toJSON(),
    multivariate: null,
    rows: reference.length,
    createdAt: at,
  });
}

export interface LoggedClassification {
  readonly id: string;
  readonly region: string;
  readonly x: number;
  readonly predicted: ClassLabel;
  readonly probabilities: [number, number];
  /** What the outcome really was (whether or not a label is sent). */
  readonly truth: ClassLabel;
}

const newId = monotonicFactory(() => 0.5);

/**
 * n predictions of v1 spread over one minute from `start`: right 90% of the time, except in region
 * "north" where it is right only 60% of the time.
 */
export function classifications(start: number, n: number, seed: number): { records: PredictionLogRecord[]; rows: LoggedClassification[] } {
  const random = seeded(seed);
  const records: PredictionLogRecord[] = [];
  const rows: LoggedClassification[] = [];
  for (let i = 0; i < n; i++) {
    const time = start + Math.floor((i * 60_000) / n);
    const region = REGIONS[i % 3]!;
    const x = normal(random);
    const p = Math.min(0.99, Math.max(0.01, 0.5 + 0.4 * Math.tanh(x)));
    const predicted = p >= 0.5 ? 'yes' : 'no';
    const right = random() < (region === 'north' ? 0.6 : 0.9);
    const truth = right ? predicted : predicted === 'yes' ? 'no' : 'yes';
    const id = newId(time);
    records.push(record(id, time, 'v1', 1, { x, region }, { label: predicted, probabilities: [1 - p, p] }));
    rows.push({ id, region, x, predicted, probabilities: [1 - p, p], truth });
  }
  return { records, rows };
}

export function regressions(start: number, n: number): { records: PredictionLogRecord[]; values: number[] } {
  const records: PredictionLogRecord[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const time = start + Math.floor((i * 60_000) / n);
    values.push(i * 0.5);
    records.push(record(newId(time), time, 'v2', 2, { x: i, region: 'south' }, { value: i * 0.5 }));
  }
  return { records, values };
}

function record(
  id: string,
  time: number,
  versionId: string,
  modelVersion: number,
  values: Record<string, unknown>,
  output: Record<string, unknown>,
): PredictionLogRecord {
  return {
    id,
    at: new Date(time).toISOString(),
    deploymentId: 'd1',
    deploymentName: 'credit',
    versionId,
    modelName: 'credit',
    modelVersion,
    requestId: null,
    features: ['x', 'region'],
    inputs: values,
    output,
    latencyMs: 1,
  };
}

let labelCount = 0;

/** Labels as the feedback route stores them; `receivedAt` orders a prediction's labels. */
export async function sendLabels(
  store: Store,
  labels: readonly { predictionId: string; label: ClassLabel }[],
  receivedAt: string,
): Promise<void> {
  await store.feedback.insertMany(
    labels.map((l) => ({
      id: `f${String(labelCount++).padStart(8, '0')}`,
      predictionId: l.predictionId,
      deploymentName: 'credit',
      label: l.label,
      receivedAt,
      actor: 'test',
    })),
  );
}
