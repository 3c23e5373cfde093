import type { LoadedModel } from '../../runtime/model-runtime.ts';
import { loadOptionsFor } from '../../runtime/load-options.ts';
import { RUNTIMES } from '../../runtime/runtimes.ts';
import { DynamicBatcher, type BatchEvent } from '../../runtime/serving/dynamic-batcher.ts';
import { MainThreadModel } from '../../runtime/serving/main-thread-model.ts';
import type { LoadCost } from '../../runtime/serving/worker-messages.ts';
import { loadInWorkers, type WorkerModel } from '../../runtime/serving/worker-model.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { DeploymentConfig } from '../../core/serving-records.ts';
import type { Executor, LoadExecutor } from './serving-types.ts';

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
  /** Median one-row predict measured in a worker thread, ms; undefined when not measured (`never`) or unmeasurable. */
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
   * `auto` runs a model on the main thread when one row costs less than this (ms). Default 0.02,
   * about what a lone request's round trip to a worker costs the main thread (~0.01 ms in a profile
   * at concurrency 64): a model far above that would stall the event loop for little gain.
   */
  readonly mainThreadBelowMs?: number;
  /**
   * Largest request (in rows) scored on the main thread; larger ones go to the batcher over the
   * workers. Default: as many rows as the measured one-row cost fits in `mainThreadRequestMs`
   * (at least 1, at most 64), so one request never holds the event loop much longer than parsing
   * and answering an HTTP request takes.
   */
  readonly mainThreadMaxRows?: number;
  /** Main-thread time one request's scoring may take, for the default of `mainThreadMaxRows` (ms). Default 0.05. */
  readonly mainThreadRequestMs?: number;
  /**
   * `auto` keeps a main-thread copy only of a model whose load, measured in a worker thread, took
   * less than this (ms), since that copy is parsed on the event loop. Default 250: a fresh thread
   * parses with cold code (the 180 kB example XGBoost model took ~130 ms there, a few times what a
   * warm main thread takes), and any model slow to parse is far slower than that.
   */
  readonly mainThreadLoadBelowMs?: number;
  readonly onBatch?: (labels: BatchLabels, event: BatchEvent) => void;
  readonly onWorkerCrash?: (deployment: string, error: Error) => void;
  readonly onPlacement?: (placement: Placement) => void;
}

/**
 * Loads each deployed version into worker threads behind a dynamic batcher configured by the
 * deployment, so scoring never blocks the event loop that parses requests and commits the log,
 * and concurrent requests share model calls when the model is the bottleneck. A model measured as
 * cheaper than the trip to a worker also scores small requests on the main thread, each on its
 * own (see MainThreadModel for why they are not merged); larger ones still go to the batcher.
 */
export function workerExecutorLoader(options: WorkerExecutorOptions = {}): LoadExecutor {
  return async (version, artifact, config, deployment) => {
    const loadOptions = loadOptionsFor(version.signature);
    // The artifact is parsed in the worker threads first, never on the event loop: a large model
    // (a 46 MB forest takes seconds) would stall every request and /healthz meanwhile. The threads
    // measure the model too, and only a model cheap to load and to run gets a main-thread copy.
    const workers = await loadInWorkers(version.format, artifact, {
      ...loadOptions,
      threads: options.threads,
      measure: options.mainThread !== 'never',
      onWorkerCrash: (error) => options.onWorkerCrash?.(deployment, error),
    });
    let local: MainThreadPlace;
    try {
      local = await placeOnMainThread(workers.cost, () => RUNTIMES[version.format].load(artifact, loadOptions), options);
    } catch (error) {
      await workers.close();
      throw error;
    }
    options.onPlacement?.({
      deployment,
      mainThread: local.model !== undefined,
      oneRowMs: workers.cost.oneRowMs,
      maxMainThreadRows: local.model ? local.maxRows : 0,
    });
    const batched = options.batching === false ? workers : batchedExecutor(workers, config, deployment, version, options);
    return local.model ? new MainThreadModel(local.model, batched, local.maxRows) : batched;
  };
}

/** The workers behind a dynamic batcher configured by the deployment. */
function batchedExecutor(
  workers: WorkerModel,
  config: DeploymentConfig,
  deployment: string,
  version: ModelVersionRecord,
  options: WorkerExecutorOptions,
): Executor {
  const labels = { deployment, model: version.modelName, version: String(version.version) };
  const batcher = new DynamicBatcher(workers, {
    maxBatchSize: config.maxBatchSize,
    maxDelayMs: config.maxDelayMs,
    onBatch: (event) => options.onBatch?.(labels, event),
  });
  return {
    signature: workers.signature,
    predict: (batch) => batcher.predict(batch),
    async close() {
      await batcher.close();
      await workers.close();
    },
  };
}

interface MainThreadPlace {
  readonly model?: LoadedModel;
  readonly maxRows: number;
}

/**
 * Loads a main-thread copy only when it pays: `always`, or `auto` with the one-row cost measured in
 * a worker under `mainThreadBelowMs` and the worker's load time under `mainThreadLoadBelowMs` (the
 * copy's parse is the one stall of the event loop this allows).
 */
async function placeOnMainThread(
  cost: LoadCost,
  load: () => Promise<LoadedModel>,
  options: WorkerExecutorOptions,
): Promise<MainThreadPlace> {
  const mode = options.mainThread ?? 'auto';
  const { oneRowMs, loadMs } = cost;
  const cheap = oneRowMs !== undefined && oneRowMs < (options.mainThreadBelowMs ?? 0.02) && loadMs < (options.mainThreadLoadBelowMs ?? 250);
  if (mode === 'never' || (mode === 'auto' && !cheap)) return { maxRows: 0 };
  const fits = oneRowMs === undefined || oneRowMs <= 0 ? 1 : Math.floor((options.mainThreadRequestMs ?? 0.05) / oneRowMs);
  return { model: await load(), maxRows: Math.max(1, options.mainThreadMaxRows ?? Math.min(64, fits)) };
}
