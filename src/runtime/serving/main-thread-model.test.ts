import { describe, expect, it } from 'vitest';
import type { FeatureBatch, LoadedModel, PredictionOutput } from '../model-runtime.ts';
import { DynamicBatcher, type BatchEvent } from './dynamic-batcher.ts';
import { MainThreadModel } from './main-thread-model.ts';
import type { WorkerModel } from './worker-model.ts';

const signature = { inputs: [{ name: 'x', type: 'number' }], output: { kind: 'regression' } } as unknown as LoadedModel['signature'];

/** A model that answers each row's x plus `offset`, and records the sizes of the batches it got. */
function recordingModel(offset: number) {
  const sizes: number[] = [];
  let closed = false;
  const model: WorkerModel = {
    format: 'xgboost',
    signature,
    threads: 2,
    liveThreads: 2,
    cost: { loadMs: 1, oneRowMs: 0.001 },
    async predict(batch: FeatureBatch): Promise<PredictionOutput> {
      sizes.push(batch.rowCount);
      return { kind: 'regression', values: (batch.columns[0] as Float64Array).map((x) => x + offset) };
    },
    close: async () => void (closed = true),
  };
  return { model, sizes, isClosed: () => closed };
}

const rows = (...xs: number[]): FeatureBatch => ({ rowCount: xs.length, columns: [Float64Array.from(xs)] });
const values = (output: PredictionOutput) => (output.kind === 'regression' ? [...output.values] : []);

describe('MainThreadModel', () => {
  it('scores batches up to maxLocalRows in this thread and larger ones on the workers', async () => {
    const local = recordingModel(0);
    const workers = recordingModel(1000);
    const model = new MainThreadModel(local.model, workers.model, 2);
    expect(values(await model.predict(rows(1, 2)))).toEqual([1, 2]);
    expect(values(await model.predict(rows(1, 2, 3)))).toEqual([1001, 1002, 1003]);
    expect(local.sizes).toEqual([2]);
    expect(workers.sizes).toEqual([3]);
  });

  it("runs a local batch in the check phase, not within the caller's turn", async () => {
    const local = recordingModel(0);
    const model = new MainThreadModel(local.model, recordingModel(0).model, 64);
    const answer = model.predict(rows(1));
    await Promise.resolve();
    expect(local.sizes).toEqual([]);
    await answer;
    expect(local.sizes).toEqual([1]);
  });

  it('scores the small requests of one turn each on its own, in order, and sends a large one to the batcher', async () => {
    const local = recordingModel(0);
    const workers = recordingModel(1000);
    const events: BatchEvent[] = [];
    const batcher = new DynamicBatcher(workers.model, { onBatch: (e) => events.push(e) });
    const model = new MainThreadModel(local.model, batcher, 2);
    const answers = await Promise.all([
      model.predict(rows(1)),
      model.predict(rows(2, -2)),
      model.predict(rows(3, 4, 5)),
      model.predict(rows(6)),
    ]);
    expect(answers.map(values)).toEqual([[1], [2, -2], [1003, 1004, 1005], [6]]);
    expect(local.sizes).toEqual([1, 2, 1]);
    expect(workers.sizes).toEqual([3]);
    expect(events.map((e) => e.requests)).toEqual([1]);
    await batcher.close();
  });

  it('close() waits for the local predictions already asked for before closing the model', async () => {
    let closed = false;
    const order: string[] = [];
    const local: LoadedModel = {
      format: 'xgboost',
      signature,
      predict: async (batch) => {
        order.push(closed ? 'predict after close' : 'predict');
        return { kind: 'regression', values: new Float64Array(batch.rowCount) };
      },
      close: async () => {
        closed = true;
        order.push('close');
      },
    };
    const model = new MainThreadModel(local, recordingModel(0).model, 4);
    const answer = model.predict(rows(1));
    await model.close();
    await answer;
    expect(order).toEqual(['predict', 'close']);
  });

  it('passes a local failure to its caller', async () => {
    const failing: LoadedModel = {
      format: 'xgboost',
      signature,
      predict: () => Promise.reject(new Error('bad row')),
      close: async () => {},
    };
    await expect(new MainThreadModel(failing, recordingModel(0).model, 4).predict(rows(1))).rejects.toThrow('bad row');
  });

  it('close() closes both the local model and the workers', async () => {
    const local = recordingModel(0);
    const workers = recordingModel(0);
    await new MainThreadModel(local.model, workers.model, 4).close();
    expect([local.isClosed(), workers.isClosed()]).toEqual([true, true]);
  });
});
