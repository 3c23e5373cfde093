import type { FeatureBatch, LoadedModel, PredictionOutput } from '../model-runtime.ts';

/** Where requests too large for the main thread go: the dynamic batcher over the worker threads, or the workers themselves. */
export interface ElsewhereModel {
  predict(batch: FeatureBatch): Promise<PredictionOutput>;
  close(): Promise<void>;
}

/**
 * A model cheap enough to run on the event loop (e.g. a small tree ensemble at ~5 µs a row). A
 * request of at most `maxLocalRows` rows is scored here, on its own; a larger one goes
 * `elsewhere` (the batcher over the worker threads), so a request with thousands of rows cannot
 * stall every other request.
 *
 * Small requests are not merged with each other: for such a model a round trip to a worker, or
 * merging and splitting batches, costs more than the scoring it could share. Measured on the
 * example XGBoost model at concurrency 64 (docs/benchmarks.md, "Small requests to a cheap model"):
 * merged batches on a worker cost the server 78 µs of CPU per request where scoring each request
 * here cost 63, and merged batches on the main thread saved little (79 against 83 µs in another
 * run); merging also moves requests in lockstep (a whole batch waits for the slowest step), which
 * left cores idle. So batching stays where it pays: models on workers.
 *
 * A local prediction runs in the event loop's check phase (setImmediate), after the requests
 * parsed in the same turn, rather than inside the handler of the request that asked for it.
 */
export class MainThreadModel {
  readonly format: LoadedModel['format'];
  /** Local predictions not yet settled: close() waits for them before it closes the model under them. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly local: LoadedModel,
    private readonly elsewhere: ElsewhereModel,
    readonly maxLocalRows: number,
  ) {
    this.format = local.format;
  }

  get signature(): LoadedModel['signature'] {
    return this.local.signature;
  }

  predict(batch: FeatureBatch): Promise<PredictionOutput> {
    if (batch.rowCount > this.maxLocalRows) return this.elsewhere.predict(batch);
    const answer = new Promise<PredictionOutput>((resolve, reject) => {
      setImmediate(() => this.local.predict(batch).then(resolve, reject));
    });
    this.running.add(answer);
    const settle = () => this.running.delete(answer);
    answer.then(settle, settle);
    return answer;
  }

  /** Closes both sides once the local predictions already asked for have been answered. */
  async close(): Promise<void> {
    await Promise.all([Promise.allSettled(this.running).then(() => this.local.close()), this.elsewhere.close()]);
  }
}
