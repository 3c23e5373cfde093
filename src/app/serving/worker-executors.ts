import { DynamicBatcher, type BatchEvent } from '../../runtime/serving/dynamic-batcher.ts';
import { loadInWorkers } from '../../runtime/serving/worker-model.ts';
import type { LoadExecutor } from './serving-host.ts';

export interface BatchLabels {
  readonly deployment: string;
  readonly model: string;
  readonly version: string;
}

export interface WorkerExecutorOptions {
  /** Worker threads per deployed model. */
  readonly threads?: number;
  /** Turn dynamic batching off (each request is its own model call), e.g. to measure what it buys. */
  readonly batching?: boolean;
  readonly onBatch?: (labels: BatchLabels, event: BatchEvent) => void;
  readonly onWorkerCrash?: (deployment: string, error: Error) => void;
}

/**
 * Loads each deployed version into worker threads behind a dynamic batcher configured by the
 * deployment, so scoring never blocks the event loop that parses requests and commits the log,
 * and concurrent requests share model calls when the model is the bottleneck.
 */
export function workerExecutorLoader(options: WorkerExecutorOptions = {}): LoadExecutor {
  return async (version, artifact, config, deployment) => {
    const model = await loadInWorkers(version.format, artifact, {
      featureNames: version.signature.inputs.map((input) => input.name),
      threads: options.threads,
      onWorkerCrash: (error) => options.onWorkerCrash?.(deployment, error),
    });
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
