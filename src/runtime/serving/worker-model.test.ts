import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBatch, fixtureCases, fixtureModel } from '../../../test/fixtures/onnx/read-fixture.ts';
import { BallastError } from '../../core/errors.ts';
import type { ModelFormat, ModelSignature } from '../../core/signature.ts';
import { BatchShapeError, ModelLoadError, type FeatureBatch, type FeatureColumn, type LoadedModel } from '../model-runtime.ts';
import { RUNTIMES } from '../runtimes.ts';
import { loadInWorkers, type WorkerModel } from './worker-model.ts';

const credit = (file: string) => new Uint8Array(readFileSync(new URL(`../../../examples/credit/${file}`, import.meta.url)));

/** The error a promise rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

/** Rows that exercise every branch a real request can: missing values, every category, unseen text. */
function syntheticBatch(signature: ModelSignature, rowCount: number, seed: number): FeatureBatch {
  let state = seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const columns: FeatureColumn[] = signature.inputs.map((feature) => {
    if (feature.type === 'string')
      return Array.from({ length: rowCount }, () =>
        random() < 0.1 ? null : ['salaried', 'rent', 'car', 'retired', 'unheard-of'][Math.floor(random() * 5)]!,
      );
    return Float64Array.from({ length: rowCount }, () => {
      if (random() < 0.1) return Number.NaN;
      if (feature.type === 'category') return Math.floor(random() * (feature.categories?.length ?? 3));
      return feature.type === 'integer' ? Math.floor(random() * 200) : random() * 100_000 * random();
    });
  });
  return { rowCount, columns };
}

describe.each([
  ['xgboost', 'model.xgb.json'],
  ['onnx', 'model.onnx'],
] as const)('the credit %s model in two worker threads', (format: ModelFormat, file) => {
  let inThread: LoadedModel;
  let workers: WorkerModel;
  beforeAll(async () => {
    [inThread, workers] = await Promise.all([RUNTIMES[format].load(credit(file)), loadInWorkers(format, credit(file), { threads: 2 })]);
  });
  afterAll(async () => {
    await Promise.all([inThread?.close(), workers?.close()]);
  });

  it('has the in-thread signature and answers exactly as the in-thread runtime, under concurrent requests', async () => {
    expect(workers.signature).toEqual(inThread.signature);
    expect(workers.threads).toBe(2);
    const batches = Array.from({ length: 24 }, (_, i) => syntheticBatch(inThread.signature, 1 + ((i * 37) % 50), i + 1));
    const inWorkers = await Promise.all(batches.map((batch) => workers.predict(batch)));
    for (const [i, batch] of batches.entries()) expect(inWorkers[i]).toEqual(await inThread.predict(batch));
  });

  it("leaves the caller's batch as it was", async () => {
    const batch = syntheticBatch(inThread.signature, 5, 99);
    const before = structuredClone(batch);
    await workers.predict(batch);
    expect(batch).toEqual(before);
  });
});

describe('errors from a worker thread', () => {
  it('a truncated XGBoost artifact rejects with a ModelLoadError, as in the thread', async () => {
    const bytes = credit('model.xgb.json').subarray(0, 5_000);
    const local = await rejection(RUNTIMES.xgboost.load(bytes));
    const remote = await rejection(loadInWorkers('xgboost', bytes, { threads: 1 }));
    expect(local).toBeInstanceOf(ModelLoadError);
    expect(remote).toBeInstanceOf(ModelLoadError);
    expect(remote.message).toBe(local.message);
  });

  it('a truncated ONNX artifact rejects with a ModelLoadError', async () => {
    await expect(loadInWorkers('onnx', fixtureModel('truncated'), { threads: 1 })).rejects.toBeInstanceOf(ModelLoadError);
  });

  it("a bad batch rejects with the runtime's BatchShapeError and the thread serves the next one", async () => {
    const cases = fixtureCases('column-pipeline');
    const features = cases.signature!.inputs;
    const model = await loadInWorkers('onnx', fixtureModel('column-pipeline'), { threads: 1 });
    const inThread = await RUNTIMES.onnx.load(fixtureModel('column-pipeline'));
    try {
      const rows = cases.rows!.slice(0, 3).map((row) => [...row]);
      rows[1]![features.findIndex((f) => f.name === 'rooms')] = null; // int64 input: a missing value cannot be fed
      const bad = fixtureBatch(rows, features);
      const local = await rejection(inThread.predict(bad));
      const remote = await rejection(model.predict(bad));
      expect(local).toBeInstanceOf(BatchShapeError);
      expect(remote).toBeInstanceOf(BatchShapeError);
      expect(remote.message).toBe(local.message);
      const good = fixtureBatch(cases.rows!, features);
      expect(await model.predict(good)).toEqual(await inThread.predict(good));
    } finally {
      await Promise.all([model.close(), inThread.close()]);
    }
  });
});

describe('worker thread lifecycle', () => {
  it('a thread that dies fails the requests it held with an internal error and is replaced', async () => {
    const crashes: Error[] = [];
    const model = await loadInWorkers('xgboost', credit('model.xgb.json'), {
      threads: 1,
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
      onWorkerCrash: (error) => crashes.push(error),
    });
    try {
      // Distinct strings are rebuilt on the worker's heap when the message is read: about 40 MB, far over 16.
      const huge: FeatureBatch = { rowCount: 800_000, columns: [Array.from({ length: 800_000 }, (_, i) => `value-${i}-takes-some-room`)] };
      const small = syntheticBatch(model.signature, 2, 7);
      const [hugeResult, smallResult] = await Promise.allSettled([model.predict(huge), model.predict(small)]);
      for (const result of [hugeResult, smallResult]) {
        expect(result.status).toBe('rejected');
        const error = (result as PromiseRejectedResult).reason as BallastError;
        expect(error).toBeInstanceOf(BallastError);
        expect(error.code).toBe('internal');
        expect(error.message).toMatch(/worker thread stopped before answering: .*memory/);
      }
      expect(crashes).toHaveLength(1);
      const inThread = await RUNTIMES.xgboost.load(credit('model.xgb.json'));
      expect(await model.predict(small)).toEqual(await inThread.predict(small));
      await inThread.close();
      expect(model.liveThreads).toBe(1);
    } finally {
      await model.close();
    }
  });

  it('close() lets sent requests finish, stops every thread and refuses new requests', async () => {
    const model = await loadInWorkers('xgboost', credit('model.xgb.json'), { threads: 2 });
    expect(model.liveThreads).toBe(2);
    const sent = model.predict(syntheticBatch(model.signature, 3, 5));
    await model.close();
    expect((await sent).kind).toBe('binary');
    expect(model.liveThreads).toBe(0);
    await expect(model.predict(syntheticBatch(model.signature, 1, 5))).rejects.toThrow(/closed/);
    await model.close();
  });

  it('refuses a thread count that is not a whole number of at least one', async () => {
    await expect(loadInWorkers('xgboost', credit('model.xgb.json'), { threads: 0 })).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
