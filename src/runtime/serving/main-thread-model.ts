import type { FeatureBatch, LoadedModel, PredictionOutput } from '../model-runtime.ts';
import type { WorkerModel } from './worker-model.ts';

/**
 * A model cheap enough to run on the event loop. A lone request's round trip to a worker thread
 * costs about as much main-thread time as a small tree ensemble takes to score its row (~5 µs),
 * and adds the other thread's wake-up to its latency. Batches of at most `maxLocalRows` rows run
 * here; larger ones go to the worker threads, where one trip serves the whole batch and a request
 * with thousands of rows cannot stall every other request.
 *
 * A local prediction runs in the event loop's check phase (setImmediate), not at once: the
 * dynamic batcher sees its one slot busy until then, so the requests parsed in the same turn
 * queue behind it and leave together as the next batch, as they would with a worker.
 */
export class MainThreadModel implements WorkerModel {
  readonly format: LoadedModel['format'];
  /** One slot: the event loop runs one local batch at a time. */
  readonly threads = 1;

  constructor(
    private readonly local: LoadedModel,
    private readonly workers: WorkerModel,
    readonly maxLocalRows: number,
  ) {
    this.format = local.format;
  }

  get signature(): LoadedModel['signature'] {
    return this.local.signature;
  }

  get liveThreads(): number {
    return this.workers.liveThreads;
  }

  predict(batch: FeatureBatch): Promise<PredictionOutput> {
    if (batch.rowCount > this.maxLocalRows) return this.workers.predict(batch);
    return new Promise((resolve, reject) => {
      setImmediate(() => this.local.predict(batch).then(resolve, reject));
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.local.close(), this.workers.close()]);
  }
}
