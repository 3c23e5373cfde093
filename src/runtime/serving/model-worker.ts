import type { ResourceLimits, Worker } from 'node:worker_threads';
import { spawnModuleThread } from '../../store/spawn-module-thread.ts';
import { BallastError } from '../../core/errors.ts';
import type { ModelSignature } from '../../core/signature.ts';
import { BatchShapeError, type FeatureBatch, type PredictionOutput } from '../model-runtime.ts';
import { encodeBatch, reviveError, type HostMessage, type LoadCost, type ModelWorkerData, type WorkerMessage } from './worker-messages.ts';

/** How long a closing worker may take to finish its requests and free its model before it is stopped. */
const CLOSE_TIMEOUT_MS = 10_000;

interface Pending {
  readonly rows: number;
  readonly resolve: (output: PredictionOutput) => void;
  readonly reject: (error: Error) => void;
}

export interface ModelWorkerOptions {
  readonly resourceLimits?: ResourceLimits;
  /** Called once if the thread stops without being closed, after its pending requests were failed. */
  readonly onCrash: (worker: ModelWorker, error: Error) => void;
}

/**
 * One worker thread holding one loaded model. Requests are matched to answers by id; if the
 * thread dies (an uncaught error, running out of memory), every request still in it fails with an
 * `internal` BallastError rather than waiting forever.
 */
export class ModelWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private rowsInFlight = 0;
  private closing: Promise<void> | undefined;
  private exited = false;
  private lastError: Error | undefined;

  private constructor(
    private readonly thread: Worker,
    readonly signature: ModelSignature,
    readonly cost: LoadCost,
  ) {}

  /** Starts a thread and resolves once its model is loaded; a load failure rejects with the runtime's own error. */
  static start(data: ModelWorkerData, options: ModelWorkerOptions): Promise<ModelWorker> {
    const thread = spawnModuleThread(import.meta.url, './model-worker-entry', {
      workerData: data,
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    });
    return new Promise((resolve, reject) => {
      let worker: ModelWorker | undefined;
      let startError: Error | undefined;
      thread.on('message', (message: WorkerMessage) => {
        if (worker !== undefined) return worker.receive(message);
        if (message.type === 'ready') {
          worker = new ModelWorker(thread, message.signature, message.cost);
          resolve(worker);
        } else if (message.type === 'load-failed') {
          startError = reviveError(message.error);
        }
      });
      thread.on('error', (error) => {
        if (worker !== undefined) worker.lastError = error;
        else startError ??= error;
      });
      thread.on('messageerror', (error) => {
        // An answer that cannot be read cannot be matched to its request: restart rather than hang.
        if (worker !== undefined) worker.lastError = error;
        void thread.terminate();
      });
      thread.on('exit', (code) => {
        if (worker === undefined) {
          reject(startError ?? new BallastError('internal', `the model worker thread stopped while loading (exit code ${code})`));
          return;
        }
        worker.exited = true;
        if (worker.closing !== undefined) return worker.failAll(new BallastError('internal', 'the model was closed before it answered'));
        const reason = worker.lastError ? `: ${worker.lastError.message}` : ` (exit code ${code})`;
        worker.failAll(
          new BallastError('internal', `the model worker thread stopped before answering${reason}; the request was not completed`),
        );
        options.onCrash(worker, worker.lastError ?? new Error(`exit code ${code}`));
      });
    });
  }

  /** Rows sent and not yet answered: the pool sends each batch to the worker with the fewest. */
  get load(): number {
    return this.rowsInFlight;
  }

  get requestsInFlight(): number {
    return this.pending.size;
  }

  predict(batch: FeatureBatch): Promise<PredictionOutput> {
    if (this.closing !== undefined || this.exited)
      return Promise.reject(new BallastError('internal', 'the model worker thread has stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      try {
        const { wire, transfer } = encodeBatch(batch);
        this.thread.postMessage({ type: 'predict', id, batch: wire } satisfies HostMessage, transfer);
      } catch (error) {
        // Only a column that is neither a Float64Array nor an array of strings cannot be cloned.
        reject(new BatchShapeError(`the batch cannot be sent to the model's worker thread: ${(error as Error).message}`));
        return;
      }
      this.pending.set(id, { rows: batch.rowCount, resolve, reject });
      this.rowsInFlight += batch.rowCount;
    });
  }

  /** Lets requests already sent finish, frees the model, and stops the thread. */
  close(): Promise<void> {
    this.closing ??= this.exited ? Promise.resolve() : this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.thread.once('exit', () => resolve()));
    const closed = new Promise<void>((resolve) =>
      this.thread.on('message', (message: WorkerMessage) => message.type === 'closed' && resolve()),
    );
    this.thread.postMessage({ type: 'close' } satisfies HostMessage);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
    await Promise.race([closed, exited, timedOut]);
    clearTimeout(timer);
    await this.thread.terminate();
  }

  private receive(message: WorkerMessage): void {
    if (message.type !== 'result' && message.type !== 'failed') return;
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    this.rowsInFlight -= pending.rows;
    if (message.type === 'result') pending.resolve(message.output);
    else pending.reject(reviveError(message.error));
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.rowsInFlight = 0;
  }
}
