/**
 * A deployment `credit` serving v1 (a binary classifier, classes "no"/"yes", inputs x and region) with a
 * canary of v2 (the same signature) in progress, and traffic of either version logged and profiled as a
 * server does it: each answer in the prediction log, each request's latency (and failures) in the
 * version's window parts.
 */
import { ulid } from 'ulid';
import { WindowProfiler } from '../../monitoring/window-profiler.ts';
import type { RolloutState } from '../../../core/rollouts/deployment-routing.ts';
import type { PredictionLogRecord } from '../../../core/serving-records.ts';
import type { ModelSignature } from '../../../core/signature.ts';
import type { Store } from '../../../store/store.ts';

export const T0 = Date.parse('2026-12-07T10:00:00.000Z');
export const MINUTE = 60_000;
const at = '2026-12-07T09:00:00.000Z';
const signature: ModelSignature = {
  inputs: [
    { name: 'x', type: 'number' },
    { name: 'region', type: 'string' },
  ],
  output: { kind: 'binary', classes: ['no', 'yes'] },
};

export function canary(overrides: Partial<RolloutState> = {}): RolloutState {
  return {
    id: '01ROLLOUT00000000000000001',
    strategy: 'canary',
    candidateVersionId: 'v2',
    status: 'progressing',
    steps: [10, 50, 100],
    stepIndex: 0,
    stepStartedAt: new Date(T0).toISOString(),
    stepDurationMs: 10 * MINUTE,
    weight: 10,
    stickyKey: null,
    gateRules: [],
    keepPreviousMs: 30 * MINUTE,
    switchedAt: null,
    previousVersionId: null,
    startedAt: new Date(T0).toISOString(),
    startedBy: 'ann',
    ...overrides,
  };
}

export async function seedCanary(store: Store, rollout: RolloutState = canary()): Promise<void> {
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
  for (const version of [1, 2])
    await store.versions.insert({
      id: `v${version}`,
      modelId: 'm1',
      version,
      artifactSha256: 'a'.repeat(64),
      format: 'xgboost',
      snapshotId: null,
      contractId: null,
      signature,
      codeRef: null,
      parameters: {},
      metrics: {},
      createdBy: 'ann',
      createdAt: at,
    });
  await store.deployments.insert({
    id: 'd1',
    name: 'credit',
    versionId: 'v1',
    config: { maxBatchSize: 32, maxDelayMs: 2, logSampleRate: 1 },
    routing: { rollout },
    revision: 1,
    createdBy: 'ann',
    createdAt: at,
    updatedBy: 'ann',
    updatedAt: at,
  });
}

export interface Traffic {
  readonly versionId: 'v1' | 'v2';
  /** Requests (one row each) spread evenly over [from, from + spanMs). */
  readonly from: number;
  readonly spanMs: number;
  readonly n: number;
  /** The positive-class probability of request i. */
  readonly score: (i: number) => number;
  readonly latencyMs?: number;
  /** Requests that failed on the server's side, spread over the same span (not logged). */
  readonly failures?: number;
  /** Answers a flag policy let through with a contract violation. */
  readonly flagged?: number;
}

/** Logs and profiles traffic as the serving path does, then flushes the window parts to the store. */
export async function serveTraffic(store: Store, traffic: Traffic): Promise<void> {
  const profiler = new WindowProfiler({ store, clock: () => new Date(traffic.from + traffic.spanMs), source: 'test', windowMs: MINUTE });
  const version = (await store.versions.findById(traffic.versionId))!;
  const records: PredictionLogRecord[] = [];
  for (let i = 0; i < traffic.n; i++) {
    const time = traffic.from + Math.floor((i * traffic.spanMs) / traffic.n);
    const p = traffic.score(i);
    const record: PredictionLogRecord = {
      // Not monotonic across calls: each id carries its own time, as the log's time-bounded reads expect.
      id: ulid(time),
      at: new Date(time).toISOString(),
      deploymentId: 'd1',
      deploymentName: 'credit',
      versionId: traffic.versionId,
      modelName: 'credit',
      modelVersion: traffic.versionId === 'v1' ? 1 : 2,
      requestId: null,
      features: ['x', 'region'],
      inputs: { x: (i % 17) / 17, region: ['north', 'south', 'east'][i % 3] },
      output: { label: p >= 0.5 ? 'yes' : 'no', probabilities: [1 - p, p] },
      latencyMs: traffic.latencyMs ?? 2,
      ...(i < (traffic.flagged ?? 0) && { violations: [{ column: 'x', code: 'out_of_range', message: 'above 1' }] }),
      role: traffic.versionId === 'v1' ? 'stable' : 'canary',
    };
    records.push(record);
    profiler.observe(version, [record], time);
  }
  for (let i = 0; i < (traffic.failures ?? 0); i++)
    profiler.observeFailure('credit', version, traffic.from + Math.floor((i * traffic.spanMs) / (traffic.failures ?? 1)));
  await store.predictions.insertMany(records);
  await profiler.flush({ all: true });
}

/** A spread of scores over [low, high): request i's is the (i mod 100)th percentile of it. */
export const spreadScore = (low: number, high: number) => (i: number) => low + ((((i * 37) % 100) + 0.5) / 100) * (high - low);
