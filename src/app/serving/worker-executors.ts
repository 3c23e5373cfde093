import { loadInWorkers } from '../../runtime/serving/worker-model.ts';
import type { LoadExecutor } from './serving-host.ts';

export interface WorkerExecutorOptions {
  /** Worker threads per deployed model. */
  readonly threads?: number;
  readonly onWorkerCrash?: (deployment: string, error: Error) => void;
}

/**
 * Loads each deployed version into worker threads, so scoring never blocks the event loop that
 * parses requests and commits the log.
 */
export function workerExecutorLoader(options: WorkerExecutorOptions = {}): LoadExecutor {
  return async (version, artifact, _config, deployment) => {
    const model = await loadInWorkers(version.format, artifact, {
      featureNames: version.signature.inputs.map((input) => input.name),
      threads: options.threads,
      onWorkerCrash: (error) => options.onWorkerCrash?.(deployment, error),
    });
    return model;
  };
}
