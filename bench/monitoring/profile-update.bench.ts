/**
 * What the window profile costs on the serving path, measured side by side in one run:
 *
 * 1. Column-values per second on one core for a 20-column row (14 numeric and 3 categorical
 *    inputs, a binary classifier's label and two probabilities) on a reference schema with decile
 *    edges, through WindowProfiler.observe as the server calls it: one request of 1 row, and of 32
 *    rows; with the PCA reconstruction error (14 numeric columns) and without it.
 * 2. Its share of a predict request: ServingHost.predictInstances for the example credit model
 *    (XGBoost, in-thread, log switched off) with the profiling hook against without it.
 *
 *   npx tsx bench/monitoring/profile-update.bench.ts     # BENCH_ROWS (400000) rows for part 1
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monotonicFactory } from 'ulid';
import { startWindowProfiling } from '../../src/app/monitoring/window-profiler-service.ts';
import { WindowProfiler } from '../../src/app/monitoring/window-profiler.ts';
import { priorityStream } from '../../src/app/monitoring/priority-stream.ts';
import { deploy } from '../../src/app/deployments.ts';
import { registerModel } from '../../src/app/register-model.ts';
import { ServingHost } from '../../src/app/serving/serving-host.ts';
import type { LoadExecutor, PredictionLog } from '../../src/app/serving/serving-types.ts';
import { readInstances } from '../../src/app/simulate.ts';
import type { AppContext } from '../../src/app/context.ts';
import { fitPcaReconstruction } from '../../src/core/drift/pca-reconstruction.ts';
import { DatasetProfile } from '../../src/core/profiles/dataset-profile.ts';
import { SchemaProbe } from '../../src/core/profiles/schema-probe.ts';
import type { ModelVersionRecord } from '../../src/core/registry-records.ts';
import type { PredictionLogRecord } from '../../src/core/serving-records.ts';
import { RUNTIMES } from '../../src/runtime/runtimes.ts';
import { ArtifactStore } from '../../src/store/artifact-store.ts';
import type { ReferenceProfileRecord, WindowProfileRecord } from '../../src/store/monitoring-repository.ts';
import { openStore, type Store } from '../../src/store/store.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 400_000);
const NUMERIC = 14;
const CATEGORIES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const next = priorityStream(42);

// ---- part 1: the profile update alone -------------------------------------------------------
const numericNames = Array.from({ length: NUMERIC }, (_, j) => `x${j}`);
const categoricalNames = ['c0', 'c1', 'c2'];
const version: ModelVersionRecord = {
  id: 'bench-v1',
  modelId: 'm',
  modelName: 'bench',
  version: 1,
  artifactSha256: 'a'.repeat(64),
  format: 'xgboost',
  signature: {
    inputs: [
      ...numericNames.map((name) => ({ name, type: 'number' as const })),
      ...categoricalNames.map((name) => ({ name, type: 'string' as const })),
    ],
    output: { kind: 'binary', classes: [0, 1] },
  },
  snapshotId: null,
  contractId: null,
  codeRef: null,
  parameters: {},
  metrics: {},
  createdBy: 'bench',
  createdAt: new Date().toISOString(),
};

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

const features = [...numericNames, ...categoricalNames];

function makeRecord(i: number, time: string): PredictionLogRecord {
  const inputs: Record<string, unknown> = {};
  const base = gaussian();
  for (let j = 0; j < NUMERIC; j++) inputs[numericNames[j]!] = j % 5 === 4 && i % 50 === 0 ? null : base * 0.6 + gaussian() * (j + 1);
  for (let j = 0; j < categoricalNames.length; j++) inputs[categoricalNames[j]!] = CATEGORIES[Math.floor(next() * CATEGORIES.length)];
  const p = next();
  return {
    id: String(i),
    at: time,
    deploymentId: 'd',
    deploymentName: 'bench',
    versionId: version.id,
    modelName: 'bench',
    modelVersion: 1,
    requestId: null,
    features,
    inputs,
    output: { label: p >= 0.5 ? 1 : 0, probabilities: [1 - p, p] },
    latencyMs: 0,
  };
}

function reference(rows: readonly PredictionLogRecord[], withPca: boolean): ReferenceProfileRecord {
  const names = [...numericNames, ...categoricalNames, 'prediction.label', 'prediction.probability.0', 'prediction.probability.1'];
  const probe = new SchemaProbe(names);
  for (const r of rows) {
    const out = r.output as { label: number; probabilities: number[] };
    probe.addRecord({
      ...r.inputs,
      'prediction.label': out.label,
      'prediction.probability.0': out.probabilities[0],
      'prediction.probability.1': out.probabilities[1],
    });
  }
  const learned = probe.schema();
  const schema = {
    columns: learned.columns.map((c) => (c.name === 'prediction.label' ? { name: c.name, kind: 'categorical' as const } : c)),
  };
  const pca = fitPcaReconstruction(
    numericNames,
    numericNames.map((name) => Float64Array.from(rows, (r) => (r.inputs[name] as number | null) ?? Number.NaN)),
  );
  if ('reason' in pca) throw new Error(pca.reason);
  return {
    versionId: version.id,
    profile: new DatasetProfile(schema).toJSON(),
    multivariate: withPca ? pca : null,
    rows: rows.length,
    createdAt: version.createdAt,
  };
}

/** Column-values per second of wall time, and per second of this process's CPU time (steadier when other work shares the cores). */
async function profileRate(
  records: readonly PredictionLogRecord[],
  ref: ReferenceProfileRecord,
  perRequest: number,
): Promise<{ wall: number; cpu: number }> {
  const store = {
    monitoring: { findReference: async () => ref, insertWindows: async (_: readonly WindowProfileRecord[]) => {} },
  } as unknown as Pick<Store, 'monitoring'>;
  // One window for the whole run: the clock never moves, as within one minute of traffic.
  const profiler = new WindowProfiler({ store, clock: () => new Date(0), source: 'bench', seed: 1 });
  await profiler.prepare(version);
  const requests: PredictionLogRecord[][] = [];
  for (let i = 0; i < records.length; i += perRequest) requests.push(records.slice(i, i + perRequest));
  const time = Date.parse(records[0]!.at);
  for (const request of requests.slice(0, 2000)) profiler.observe(version, request, time); // warm-up
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (const request of requests) profiler.observe(version, request, time);
  const cpu = process.cpuUsage(cpuStarted);
  const seconds = (performance.now() - started) / 1000;
  return { wall: (records.length * 20) / seconds, cpu: (records.length * 20) / ((cpu.user + cpu.system) / 1e6) };
}

const at = new Date().toISOString();
const records = Array.from({ length: ROWS }, (_, i) => makeRecord(i, at));
const withPca = reference(records.slice(0, 20_000), true);
const withoutPca = reference(records.slice(0, 20_000), false);
console.log(
  `part 1: profile update, ${ROWS} rows of 20 columns (${NUMERIC} numeric + 3 categorical inputs, label and 2 probabilities), reference schema with decile edges`,
);
console.log('  request rows | with PCA error: M column-values/s (per CPU-second) | without: M column-values/s (per CPU-second)');
for (const perRequest of [1, 32]) {
  const rounds: { wall: number; cpu: number }[] = [];
  const roundsNo: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < 5; r++) {
    rounds.push(await profileRate(records, withPca, perRequest));
    roundsNo.push(await profileRate(records, withoutPca, perRequest));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const cell = (rs: { wall: number; cpu: number }[]) =>
    `${(median(rs.map((r) => r.wall)) / 1e6).toFixed(2)} (${(median(rs.map((r) => r.cpu)) / 1e6).toFixed(2)})`;
  console.log(`  ${String(perRequest).padStart(12)} | ${cell(rounds).padStart(48)} | ${cell(roundsNo).padStart(42)}`);
}

// ---- part 2: share of a predict request ----------------------------------------------------
const dir = mkdtempSync(path.join(tmpdir(), 'ballast-profile-bench-'));
try {
  const store = await openStore(`sqlite:${path.join(dir, 'ballast.db')}`);
  const newId = monotonicFactory();
  const ctx: AppContext = {
    store,
    artifacts: await ArtifactStore.open(path.join(dir, 'artifacts')),
    runtimes: RUNTIMES,
    clock: () => new Date(),
    newId: () => newId(),
    actor: 'bench',
    dataDir: dir,
  };
  const examples = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../examples/credit');
  await registerModel(ctx, {
    name: 'credit',
    modelFile: path.join(examples, 'model.xgb.json'),
    trainingData: path.join(examples, 'train.csv'),
    labelColumn: 'default',
  });
  await deploy(ctx, { name: 'credit', model: 'credit:1' });
  const instances = await readInstances(path.join(examples, 'live.csv'), 1000);
  const noLog: PredictionLog = { append: async () => {} };
  const inThread: LoadExecutor = (v, artifact) =>
    RUNTIMES[v.format].load(artifact, { featureNames: v.signature.inputs.map((i) => i.name) });
  const profiling = startWindowProfiling(ctx, { flushEveryMs: 3_600_000 });
  const plain = new ServingHost(ctx, noLog, inThread);
  const profiled = new ServingHost(ctx, noLog, inThread, profiling.hooks);
  await plain.start();
  await profiled.start();
  const REQUESTS = 20_000;
  const timeRequests = async (host: ServingHost) => {
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) await host.predictInstances('credit', [instances[i % instances.length]!], null, 0);
    return ((performance.now() - started) * 1000) / REQUESTS;
  };
  await timeRequests(plain);
  await timeRequests(profiled);
  const plainUs: number[] = [];
  const profiledUs: number[] = [];
  for (let r = 0; r < 5; r++) {
    plainUs.push(await timeRequests(plain));
    profiledUs.push(await timeRequests(profiled));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const a = median(plainUs);
  const b = median(profiledUs);
  console.log(
    `part 2: one-row predict requests through ServingHost (credit XGBoost in-thread, log off), median of 5 rounds of ${REQUESTS}`,
  );
  console.log(
    `  without profiling ${a.toFixed(2)} µs/request, with ${b.toFixed(2)} µs/request: profiling adds ${(b - a).toFixed(2)} µs, ${(((b - a) / b) * 100).toFixed(1)}% of the request`,
  );
  await profiling.stop();
  await plain.close();
  await profiled.close();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
