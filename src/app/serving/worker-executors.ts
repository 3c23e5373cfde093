import type { LoadedModel } from '../../runtime/model-runtime.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { DynamicBatcher, type BatchEvent } from '../../runtime/serving/dynamic-batcher.ts';
import { MainThreadModel } from '../../runtime/serving/main-thread-model.ts';
import { medianPredictMs } from '../../runtime/serving/measure-model-cost.ts';
import { loadInWorkers, type WorkerModel } from '../../runtime/serving/worker-model.ts';
import type { LoadExecutor } from './serving-host.ts';

export interface BatchLabels {
  readonly deployment: string;
  readonly model: string;
  readonly version: string;
}

/**
 * Whether a model may score small batches on the event loop instead of a worker thread:
 * `auto` when its one-row cost, measured at load, is under `mainThreadBelowMs`; `always`; `never`.
 */
export type MainThreadMode = 'auto' | 'always' | 'never';

export const MAIN_THREAD_MODES: readonly MainThreadMode[] = ['auto', 'always', 'never'];

/** Where a deployment's model was placed, and what its cost measured at load was. */
export interface Placement {
  readonly deployment: string;
  readonly mainThread: boolean;
  /** Median one-row predict in the main thread, ms; undefined when not measured (`never`) or unmeasurable. */
  readonly oneRowMs: number | undefined;
  /** Largest batch scored on the main thread; larger ones go to the workers. 0 when none are. */
  readonly maxMainThreadRows: number;
}

export interface WorkerExecutorOptions {
  /** Worker threads per deployed model. */
  readonly threads?: number;
  /** Turn dynamic batching off (each request is its own model call), e.g. to measure what it buys. */
  readonly batching?: boolean;
  /** Default `auto`. */
  readonly mainThread?: MainThreadMode;
  /**
   * `auto` runs a model on the main thread when one row costs less than this (ms). Default 0.02:
   * the main thread's cost of one worker round trip was ~0.011 ms per request at concurrency 64,
   * and a model far above that gains little from skipping it while risking event-loop stalls.
   */
  readonly mainThreadBelowMs?: number;
  /** Longest a batch scored on the main thread may take, by its measured cost per row (ms). Default 0.5. */
  readonly mainThreadBatchMs?: number;
  readonly onBatch?: (labels: BatchLabels, event: BatchEvent) => void;
  readonly onWorkerCrash?: (deployment: string, error: Error) => void;
  readonly onPlacement?: (placement: Placement) => void;
}

/**
 * Loads each deployed version into worker threads behind a dynamic batcher configured by the
 * deployment, so scoring never blocks the event loop that parses requests and commits the log,
 * and concurrent requests share model calls when the model is the bottleneck. A model measured as
 * cheaper than the trip to a worker scores small batches on the main thread instead (still behind
 * the batcher); its large batches still go to the workers.
 */
export function workerExecutorLoader(options: WorkerExecutorOptions = {}): LoadExecutor {
  return async (version, artifact, config, deployment) => {
    const featureNames = version.signature.inputs.map((input) => input.name);
    const local = options.mainThread === 'never' ? undefined : await placeOnMainThread(await RUNTIMES[version.format].load(artifact, { featureNames }), options);
    let workers: WorkerModel;
    try {
      workers = await loadInWorkers(version.format, artifact, {
        featureNames,
        threads: options.threads,
        onWorkerCrash: (error) => options.onWorkerCrash?.(deployment, error),
      });
    } catch (error) {
      await local?.model?.close();
      throw error;
    }
    options.onPlacement?.({ deployment, mainThread: local?.model !== undefined, oneRowMs: local?.oneRowMs, maxMainThreadRows: local?.model ? local.maxRows : 0 });
    const model = local?.model ? new MainThreadModel(local.model, workers, local.maxRows) : workers;
    if (options.batching === false) return model;
    const labels = { deployment, model: version.modelName, version: String(version.version) };
    const batcher = new DynamicBatcher(model, {
      maxBatchSize: config.maxBatchSize,
      maxDelayMs: config.maxDelayMs,
      onBatch: (event) => options.onBatch?.(labels, event),
    });
    return {
      signature: model.signature,
      predict: (batch) => batcher.predict(batch),
      async close() {
        await batcher.close();
        await model.close();
      },
    };
  };
}

/**
 * Measures a model loaded in the main thread and keeps it there if it qualifies, with the largest
 * batch it may score there; closes it otherwise. The measurement runs once, at load.
 */
async function placeOnMainThread(loaded: LoadedModel, options: WorkerExecutorOptions): Promise<{ model?: LoadedModel; oneRowMs?: number; maxRows: number }> {
  const oneRowMs = await medianPredictMs(loaded, 1).catch(() => undefined);
  const keep = options.mainThread === 'always' || (oneRowMs !== undefined && oneRowMs < (options.mainThreadBelowMs ?? 0.02));
  if (!keep) {
    await loaded.close();
    return { oneRowMs, maxRows: 0 };
  }
  const rows = 64;
  const batchedRowMs = await medianPredictMs(loaded, rows, { calls: 30 }).then((ms) => ms / rows, () => undefined);
  const maxRows = batchedRowMs === undefined || batchedRowMs <= 0 ? 1 : Math.max(1, Math.floor((options.mainThreadBatchMs ?? 0.5) / batchedRowMs));
  return { model: loaded, oneRowMs, maxRows };
}
