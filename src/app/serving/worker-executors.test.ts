import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import { DEFAULT_DEPLOYMENT_CONFIG } from '../../core/serving-records.ts';
import type { LoadedModel, PredictionOutput } from '../../runtime/model-runtime.ts';
import { compileInstanceReader } from '../../runtime/read-instances.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { liveInstances } from '../../server/testing/test-server.ts';
import type { Executor } from './serving-types.ts';
import { workerExecutorLoader, type Placement, type WorkerExecutorOptions } from './worker-executors.ts';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const artifact = new Uint8Array(readFileSync(path.join(root, 'examples/credit/model.xgb.json')));

let reference: LoadedModel;
let version: ModelVersionRecord;
let instances: Record<string, unknown>[];
beforeAll(async () => {
  reference = await RUNTIMES.xgboost.load(artifact);
  version = {
    id: 'v1',
    modelId: 'm1',
    modelName: 'credit',
    version: 1,
    artifactSha256: 'sha',
    format: 'xgboost',
    signature: reference.signature,
    snapshotId: null,
    contractId: null,
    codeRef: null,
    parameters: {},
    metrics: {},
    createdBy: 'test',
    createdAt: 't',
  };
  instances = await liveInstances(40);
});
afterAll(() => reference?.close());

const probabilities = (output: PredictionOutput) => (output.kind === 'regression' ? [] : [...output.probabilities]);

async function load(options: WorkerExecutorOptions): Promise<{ executor: Executor; placement: Placement }> {
  let placement: Placement | undefined;
  const executor = await workerExecutorLoader({ threads: 1, ...options, onPlacement: (p) => (placement = p) })(
    version,
    artifact,
    DEFAULT_DEPLOYMENT_CONFIG,
    'credit',
  );
  return { executor, placement: placement! };
}

// A threshold of 1 s puts any model on the main thread, and 0 none, so placement does not hang on this machine's speed.
describe.each([
  { name: 'main thread (auto, cheap enough)', options: { mainThread: 'auto', mainThreadBelowMs: 1000 }, mainThread: true },
  { name: 'main thread (always)', options: { mainThread: 'always', mainThreadBelowMs: 0 }, mainThread: true },
  { name: 'workers (auto, too slow)', options: { mainThread: 'auto', mainThreadBelowMs: 0 }, mainThread: false },
  { name: 'workers (never)', options: { mainThread: 'never' }, mainThread: false },
] as const)('workerExecutorLoader: $name', ({ options, mainThread }) => {
  for (const batching of [true, false]) {
    it(`places the model as asked and answers as the runtime does (batching ${batching ? 'on' : 'off'})`, async () => {
      const { executor, placement } = await load({ ...options, batching });
      try {
        expect(placement.mainThread).toBe(mainThread);
        expect(placement.deployment).toBe('credit');
        if (options.mainThread === 'never') expect(placement.oneRowMs).toBeUndefined();
        else expect(placement.oneRowMs).toBeGreaterThan(0);
        if (mainThread) expect(placement.maxMainThreadRows).toBeGreaterThanOrEqual(1);
        const read = compileInstanceReader(version.signature.inputs);
        // One-row requests at once (merged by the batcher when it is on), and one larger request.
        const answers = await Promise.all([...instances.map((row) => executor.predict(read([row]))), executor.predict(read(instances))]);
        const expected = probabilities(await reference.predict(read(instances)));
        expect(answers.slice(0, -1).flatMap(probabilities)).toEqual(expected);
        expect(probabilities(answers.at(-1)!)).toEqual(expected);
      } finally {
        await executor.close();
      }
    });
  }
});

it('sends batches larger than the main thread may take to the workers', async () => {
  const { executor, placement } = await load({ mainThread: 'always', mainThreadMaxRows: 3 });
  try {
    expect(placement.maxMainThreadRows).toBe(3);
    const read = compileInstanceReader(version.signature.inputs);
    expect(probabilities(await executor.predict(read(instances)))).toEqual(probabilities(await reference.predict(read(instances))));
  } finally {
    await executor.close();
  }
});

it('lets the main thread take as many rows as the measured one-row cost fits in mainThreadRequestMs, from 1 to 64', async () => {
  const sizes: number[] = [];
  for (const mainThreadRequestMs of [0, 1000]) {
    const { executor, placement } = await load({ mainThread: 'always', mainThreadRequestMs });
    sizes.push(placement.maxMainThreadRows);
    await executor.close();
  }
  expect(sizes).toEqual([1, 64]);
  const { executor, placement } = await load({ mainThread: 'always', mainThreadRequestMs: 0.05 });
  await executor.close();
  expect(placement.maxMainThreadRows).toBe(Math.max(1, Math.min(64, Math.floor(0.05 / placement.oneRowMs!))));
});
