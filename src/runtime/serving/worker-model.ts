import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { BallastError } from '../../core/errors.ts';
import type { ModelFormat, ModelSignature } from '../../core/signature.ts';
import type { FeatureBatch, LoadedModel, LoadOptions, PredictionOutput } from '../model-runtime.ts';
import { ModelWorker } from './model-worker.ts';
import type { LoadCost, ModelWorkerData } from './worker-messages.ts';

export interface WorkerModelOptions extends LoadOptions {
  /** Worker threads, each with its own copy of the model. Default: `os.availableParallelism()`, one per core. */
  readonly threads?: number;
  /** Heap limits per thread: a batch that exhausts them stops (and replaces) that thread only. */
  readonly resourceLimits?: ResourceLimits;
  /** Told when a thread stopped unexpectedly; a replacement is already starting (for logs and metrics). */
  readonly onWorkerCrash?: (error: Error) => void;
  /** Have the threads time one-row predictions after loading (WorkerModel.cost.oneRowMs). */
  readonly measure?: boolean;
}

/** A model whose predictions run on worker threads, so a large batch never blocks the event loop. */
export interface WorkerModel extends LoadedModel {
  /** How many threads the model runs on when all are up; the dynamic batcher keeps this many batches in flight. */
  readonly threads: number;
  /** Threads up and serving now: fewer than `threads` while a crashed one restarts, 0 once closed (for readiness checks). */
  readonly liveThreads: number;
  /** What loading cost a thread, measured in the thread (the cheapest thread's, as the least disturbed). */
  readonly cost: LoadCost;
}

/**
 * Loads an artifact into `threads` worker threads with the runtime for its format. Rejects with
 * the runtime's own error (a ModelLoadError for a corrupt artifact) if it cannot be loaded.
 *
 * `predict` sends each batch to the thread with the fewest rows in flight. Its numeric columns are
 * packed into one buffer that is moved to the thread (the caller's arrays are left as they were),
 * and the answer's arrays are moved back without a copy. Errors the runtime throws
 * in the thread (ModelLoadError, BatchShapeError, BallastError) are rethrown here with the same
 * class, message and code. A thread that dies fails the requests it held with an `internal`
 * BallastError and is replaced. `close()` lets requests already sent finish, then stops every thread.
 */
export async function loadInWorkers(format: ModelFormat, bytes: Uint8Array, options: WorkerModelOptions = {}): Promise<WorkerModel> {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isSafeInteger(threads) || threads < 1)
    throw new BallastError('invalid_argument', `threads must be a whole number ≥ 1 (got ${threads})`);
  const data: ModelWorkerData = {
    format,
    bytes: bytes.slice(),
    options: loadOptionsOnly(options),
    ...(options.measure ? { measure: true } : {}),
  };
  const pool = new WorkerPool(format, data, threads, options);
  await pool.start();
  return pool;
}

/** The runtime's own options, without the pool's (callbacks cannot cross to a thread). */
function loadOptionsOnly(options: WorkerModelOptions): LoadOptions {
  return {
    ...(options.featureNames ? { featureNames: [...options.featureNames] } : {}),
    ...(options.output
      ? { output: { ...options.output, ...(options.output.classes ? { classes: [...options.output.classes] } : {}) } }
      : {}),
  };
}

class WorkerPool implements WorkerModel {
  private readonly workers: ModelWorker[] = [];
  private readonly starting = new Set<Promise<ModelWorker | undefined>>();
  private firstSignature: ModelSignature | undefined;
  private startCost: LoadCost | undefined;
  private closed: Promise<void> | undefined;

  constructor(
    readonly format: ModelFormat,
    private readonly data: ModelWorkerData,
    readonly threads: number,
    private readonly options: WorkerModelOptions,
  ) {}

  get liveThreads(): number {
    return this.workers.length;
  }

  get signature(): ModelSignature {
    return this.firstSignature!;
  }

  async start(): Promise<void> {
    const results = await Promise.allSettled(Array.from({ length: this.threads }, () => this.startWorker()));
    const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) {
      await Promise.all(started.map((worker) => worker.close()));
      throw failure.reason;
    }
    this.workers.push(...started);
    this.firstSignature = started[0]!.signature;
    // Threads loading side by side share the cores; the fastest is the nearest to one alone.
    this.startCost = {
      loadMs: Math.min(...started.map((worker) => worker.cost.loadMs)),
      oneRowMs: started.some((worker) => worker.cost.oneRowMs !== undefined)
        ? Math.min(...started.flatMap((worker) => (worker.cost.oneRowMs === undefined ? [] : [worker.cost.oneRowMs])))
        : undefined,
    };
  }

  get cost(): LoadCost {
    return this.startCost!;
  }

  async predict(batch: FeatureBatch): Promise<PredictionOutput> {
    for (;;) {
      if (this.closed !== undefined) throw new BallastError('internal', 'the model was closed; load it again to predict');
      const worker = this.leastBusy();
      if (worker !== undefined) return worker.predict(batch);
      if (this.starting.size === 0)
        throw new BallastError('internal', 'every worker thread of the model has stopped and none could be restarted');
      await Promise.race(this.starting);
    }
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      await Promise.allSettled(this.starting);
      await Promise.all(this.workers.splice(0).map((worker) => worker.close()));
    })();
    return this.closed;
  }

  private leastBusy(): ModelWorker | undefined {
    let best: ModelWorker | undefined;
    for (const worker of this.workers) {
      if (best === undefined || worker.load < best.load || (worker.load === best.load && worker.requestsInFlight < best.requestsInFlight))
        best = worker;
    }
    return best;
  }

  private startWorker(): Promise<ModelWorker> {
    return ModelWorker.start(this.data, {
      resourceLimits: this.options.resourceLimits,
      onCrash: (worker, error) => this.replace(worker, error),
    });
  }

  private replace(crashed: ModelWorker, error: Error): void {
    const index = this.workers.indexOf(crashed);
    if (index >= 0) this.workers.splice(index, 1);
    if (this.closed !== undefined) return;
    this.options.onWorkerCrash?.(error);
    // The artifact loaded before, so a failure here is not the artifact's; the slot stays empty.
    const replacement: Promise<ModelWorker | undefined> = this.startWorker().then(
      async (worker) => {
        if (this.closed !== undefined) await worker.close();
        else this.workers.push(worker);
        return worker;
      },
      () => undefined,
    );
    this.starting.add(replacement);
    void replacement.finally(() => this.starting.delete(replacement));
  }
}
