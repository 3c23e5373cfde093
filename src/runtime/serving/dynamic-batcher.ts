import { BallastError } from '../../core/errors.ts';
import type { FeatureBatch, LoadedModel, PredictionOutput } from '../model-runtime.ts';
import { batchShapeKey, concatBatches, splitPredictionOutput } from './batch-merge.ts';
import type { WorkerModel } from './worker-model.ts';

export interface DynamicBatcherOptions {
  /** Most rows in one merged batch. A single request with more rows runs alone, unsplit. Default 64. */
  readonly maxBatchSize?: number;
  /**
   * Longest a request stays in the batcher's queue, in ms, while every slot is busy: then its batch
   * is sent even though no slot is free (it waits in a worker's queue instead). It is not a wait
   * added to requests (a request that finds a free slot goes at once), and not a bound on total
   * latency (which adds the model's time and any batches ahead of it in the worker). 0 never
   * queues (only requests of the same tick merge); `Infinity` waits for a free slot or a full
   * batch. Default 5: about five batches of a ~1 ms model.
   */
  readonly maxDelayMs?: number;
  /** Batches the model works on at once before requests queue up. Default: the model's `threads` (a WorkerModel), else 1. */
  readonly maxInFlight?: number;
  /** Called as each batch leaves the queue, for metrics. */
  readonly onBatch?: (event: BatchEvent) => void;
  /** Called when a merged batch failed and its requests are being re-run one by one, for logs. */
  readonly onSplit?: (event: { readonly requests: number; readonly error: Error }) => void;
}

export interface BatchEvent {
  readonly rows: number;
  readonly requests: number;
  /** Requests still queued after this batch left. */
  readonly queueDepth: number;
  /** How long the batch's oldest request waited in the queue, in ms. */
  readonly waitMs: number;
  /** Batches at the model, this one included. */
  readonly inFlight: number;
  /** Why it left: a slot was free, it could grow no more, its oldest request reached maxDelayMs, or close(). */
  readonly trigger: 'free-slot' | 'full' | 'deadline' | 'close';
}

interface Queued {
  readonly batch: FeatureBatch;
  /** Requests merge only with requests of the same key; undefined never merges. */
  readonly shape: string | undefined;
  readonly enqueuedAt: number;
  readonly resolve: (output: PredictionOutput) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Merges concurrent requests to one model into batches, adapting to load instead of waiting:
 *
 * - a request that finds a free slot (fewer than `maxInFlight` batches at the model) is sent at
 *   once, with whatever else arrived in the same tick, spread evenly over the free slots;
 * - while every slot is busy, requests queue; the queue leaves as one batch (of at most
 *   `maxBatchSize` rows, requests kept whole and in order) when a slot frees, as soon as the batch
 *   could grow no more, or when its oldest request has waited `maxDelayMs`;
 * - each caller gets exactly its own rows back. If a merged batch fails, its requests are re-run
 *   one at a time, so a bad row fails only its own request.
 *
 * Under light load every request goes alone with no added delay; under heavy load batches grow
 * with the queue. Nothing is shed: batches sent without a free slot wait at the model, so the
 * caller should bound how many requests it admits. The caller's batch is never modified or detached.
 */
export class DynamicBatcher {
  readonly maxBatchSize: number;
  readonly maxDelayMs: number;
  readonly maxInFlight: number;
  private readonly queue: Queued[] = [];
  private queuedRows = 0;
  private readonly running = new Set<Promise<void>>();
  private pumpScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private closed: Promise<void> | undefined;

  constructor(
    readonly model: LoadedModel,
    private readonly options: DynamicBatcherOptions = {},
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 64;
    this.maxDelayMs = options.maxDelayMs ?? 5;
    this.maxInFlight = options.maxInFlight ?? (model as Partial<WorkerModel>).threads ?? 1;
    if (!Number.isSafeInteger(this.maxBatchSize) || this.maxBatchSize < 1)
      throw new BallastError('invalid_argument', `maxBatchSize must be a whole number ≥ 1 (got ${this.maxBatchSize})`);
    if (!(this.maxDelayMs >= 0)) throw new BallastError('invalid_argument', `maxDelayMs must be a number ≥ 0 (got ${this.maxDelayMs})`);
    if (!Number.isSafeInteger(this.maxInFlight) || this.maxInFlight < 1)
      throw new BallastError('invalid_argument', `maxInFlight must be a whole number ≥ 1 (got ${this.maxInFlight})`);
  }

  /** Requests waiting for a batch. */
  get queueDepth(): number {
    return this.queue.length;
  }

  /** Batches sent to the model and not yet answered. */
  get inFlight(): number {
    return this.running.size;
  }

  predict(batch: FeatureBatch): Promise<PredictionOutput> {
    if (this.closed !== undefined) return Promise.reject(new BallastError('unavailable', 'the model is being unloaded; retry the request'));
    return new Promise((resolve, reject) => {
      this.queue.push({ batch, shape: batchShapeKey(batch), enqueuedAt: performance.now(), resolve, reject });
      this.queuedRows += batch.rowCount;
      // Deferred to the end of the tick, so requests arriving together leave together.
      if (!this.pumpScheduled) {
        this.pumpScheduled = true;
        queueMicrotask(() => {
          this.pumpScheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Refuses new requests, sends everything queued at once, and resolves when every batch is answered. Does not close the model. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      clearTimeout(this.timer);
      while (this.queue.length > 0) this.send(this.nextGroup(this.maxBatchSize).group, 'close');
      while (this.running.size > 0) await Promise.allSettled(this.running);
    })();
    return this.closed;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const free = this.maxInFlight - this.running.size;
      if (free > 0) {
        // Spread the queue over the free slots: two half batches on two idle threads beat one full batch on one.
        this.send(this.nextGroup(Math.min(this.maxBatchSize, Math.ceil(this.queuedRows / free))).group, 'free-slot');
        continue;
      }
      const { group, full } = this.nextGroup(this.maxBatchSize);
      const trigger = full ? 'full' : performance.now() - this.queue[0]!.enqueuedAt >= this.maxDelayMs ? 'deadline' : undefined;
      if (trigger === undefined) break;
      this.send(group, trigger);
    }
    this.armTimer();
  }

  /** The requests at the head of the queue that make the next batch of at most `limit` rows, and whether it can still grow. */
  private nextGroup(limit: number): { group: Queued[]; full: boolean } {
    const first = this.queue[0]!;
    let rows = first.batch.rowCount;
    let count = 1;
    if (first.shape !== undefined) {
      for (; count < this.queue.length; count++) {
        const next = this.queue[count]!;
        if (next.shape !== first.shape || rows + next.batch.rowCount > limit) break;
        rows += next.batch.rowCount;
      }
    }
    return { group: this.queue.slice(0, count), full: count < this.queue.length || rows >= limit };
  }

  private send(group: Queued[], trigger: BatchEvent['trigger']): void {
    this.queue.splice(0, group.length);
    for (const request of group) this.queuedRows -= request.batch.rowCount;
    const done = this.run(group).finally(() => {
      this.running.delete(done);
      if (this.closed === undefined) this.pump();
    });
    this.running.add(done);
    let rows = 0;
    for (const request of group) rows += request.batch.rowCount;
    const waitMs = performance.now() - group[0]!.enqueuedAt;
    try {
      this.options.onBatch?.({ rows, requests: group.length, queueDepth: this.queue.length, waitMs, inFlight: this.running.size, trigger });
    } catch {
      // A metrics hook must not stop the queue (it runs in a microtask, where a throw would crash the process).
    }
  }

  private async run(group: Queued[]): Promise<void> {
    if (group.length === 1) return this.runAlone(group[0]!);
    try {
      const merged = concatBatches(group.map((request) => request.batch));
      const parts = splitPredictionOutput(
        await this.model.predict(merged),
        group.map((request) => request.batch.rowCount),
      );
      group.forEach((request, index) => request.resolve(parts[index]!));
    } catch (error) {
      // One at a time, so a request that crashes a worker cannot take its neighbours with it.
      try {
        this.options.onSplit?.({ requests: group.length, error: error as Error });
      } catch {
        // as for onBatch: a logging hook must not stop the re-runs
      }
      for (const request of group) await this.runAlone(request);
    }
  }

  private async runAlone(request: Queued): Promise<void> {
    try {
      request.resolve(await this.model.predict(request.batch));
    } catch (error) {
      request.reject(error);
    }
  }

  private armTimer(): void {
    if (this.queue.length === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.timer !== undefined || this.queue.length === 0 || !Number.isFinite(this.maxDelayMs)) return;
    const dueIn = this.queue[0]!.enqueuedAt + this.maxDelayMs - performance.now();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (this.closed === undefined) this.pump();
      },
      Math.max(0, dueIn),
    );
  }
}
