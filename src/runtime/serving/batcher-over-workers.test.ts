import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBatch, fixtureCases, fixtureModel } from '../../../test/fixtures/onnx/read-fixture.ts';
import { BatchShapeError, type LoadedModel, type PredictionOutput } from '../model-runtime.ts';
import { RUNTIMES } from '../runtimes.ts';
import { DynamicBatcher, type BatchEvent } from './dynamic-batcher.ts';
import { loadInWorkers, type WorkerModel } from './worker-model.ts';

// The pieces together, as the server uses them: one batcher over an ONNX model on worker threads.
describe('a dynamic batcher over a worker-thread ONNX model', () => {
  const cases = fixtureCases('column-pipeline');
  const features = cases.signature!.inputs;
  const rooms = features.findIndex((feature) => feature.name === 'rooms');
  let inThread: LoadedModel;
  let workers: WorkerModel;
  beforeAll(async () => {
    [inThread, workers] = await Promise.all([
      RUNTIMES.onnx.load(fixtureModel('column-pipeline')),
      loadInWorkers('onnx', fixtureModel('column-pipeline'), { threads: 1 }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([inThread?.close(), workers?.close()]);
  });

  it('answers each of many concurrent one-row requests as the in-thread model does, and a bad row fails alone', async () => {
    const events: BatchEvent[] = [];
    const batcher = new DynamicBatcher(workers, { onBatch: (event) => events.push(event) });
    const rows = cases.rows!.map((row) => [...row]);
    const bad = 5;
    rows[bad]![rooms] = null; // the model's int64 input cannot take a missing value
    const requests = rows.map((row) => fixtureBatch([row], features));
    const settled = await Promise.allSettled(requests.map((batch) => batcher.predict(batch)));
    await batcher.close();
    for (const [index, result] of settled.entries()) {
      if (index === bad) {
        expect(result.status).toBe('rejected');
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(BatchShapeError);
        expect(((result as PromiseRejectedResult).reason as Error).message).toMatch(/"rooms" is missing in row 1 /);
      } else {
        expect((result as PromiseFulfilledResult<PredictionOutput>).value).toEqual(await inThread.predict(requests[index]!));
      }
    }
    // Sent in one tick, they left merged; the merged batch failed on the bad row and was re-run request by request.
    expect(events.length).toBeLessThan(requests.length);
    expect(events.reduce((sum, event) => sum + event.rows, 0)).toBe(requests.length);
  });
});
