import type { ShadowOutcome, ShadowPredictionRecord } from '../../core/shadow/shadow-record.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { FeatureBatch } from '../../runtime/model-runtime.ts';
import { toPredictionRecords, type PredictionRecord } from '../../runtime/prediction-records.ts';
import { compileInstanceReader, type InstanceReader } from '../../runtime/read-instances.ts';
import type { Executor } from '../serving/serving-types.ts';
import type { AnsweredRows } from '../serving/serving-extensions.ts';

/** What a lane needs from the mirror: its executor, its writer, its clock, and whom to tell. */
export interface LaneDeps {
  /** Loads the shadow version into its own executor (never one that answers). */
  readonly load: () => Promise<{ readonly version: ModelVersionRecord; readonly executor: Executor }>;
  readonly write: (records: readonly ShadowPredictionRecord[]) => void;
  readonly writeDropped: (rows: number) => void;
  readonly count: (outcome: ShadowOutcome, rows: number) => void;
  /** How long one shadow model call took (ms), answered or abandoned. */
  readonly busy: (ms: number) => void;
  readonly problem: (message: string, error?: unknown) => void;
  readonly clock: () => Date;
  readonly newId: () => string;
  /** Milliseconds for latency (performance.now in production). */
  readonly now: () => number;
}

export interface LaneLimits {
  /** Rows waiting to be scored at most; an offer that does not fit is dropped whole. */
  readonly maxQueuedRows: number;
  /** Rows scored per shadow model call at most (queued requests are merged up to this). */
  readonly maxBatchRows: number;
  /** A shadow call without an answer after this is abandoned and its rows counted `timed_out`. */
  readonly timeoutMs: number;
  /** After a failed load, how long until the next try (meanwhile every batch fails at once). */
  readonly retryLoadMs: number;
}

type Loaded = { readonly version: ModelVersionRecord; readonly executor: Executor; readonly read: InstanceReader };

/**
 * One deployment's shadow: a bounded FIFO of answered groups and one loop that scores them with the
 * shadow's own executor, one call at a time. `offer` is O(1) and never throws or waits; the loop runs
 * on its own, and a shadow that throws, hangs or does not load only ever costs its own rows.
 */
export class ShadowLane {
  private readonly queue: AnsweredRows[] = [];
  private head = 0;
  private queuedRows = 0;
  private running = false;
  private closed = false;
  private loaded: Promise<Loaded> | undefined;
  private loadFailedAt = Number.NEGATIVE_INFINITY;
  private idleWaiters: (() => void)[] = [];

  constructor(
    readonly deployment: string,
    readonly versionId: string,
    /** The revision whose routing named this shadow; a later one naming another version replaces the lane. */
    public revision: number,
    private readonly deps: LaneDeps,
    private readonly limits: LaneLimits,
  ) {}

  offer(rows: AnsweredRows): void {
    const n = rows.ids.length;
    if (n === 0) return;
    if (this.closed || this.queuedRows + n > this.limits.maxQueuedRows) {
      this.drop(n);
      return;
    }
    this.queue.push(rows);
    this.queuedRows += n;
    if (!this.running) {
      this.running = true;
      void this.drain();
    }
  }

  /** Loads the executor ahead of the first offer (a shadow just started is warm before traffic reaches it). */
  warm(): void {
    void this.executor().catch(() => undefined);
  }

  /** Resolves when nothing is queued or being scored (tests; closing). */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking rows; what is queued is dropped (counted), the call under way finishes, then the executor closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const left = this.queuedRows;
    this.queue.length = 0;
    this.head = 0;
    this.queuedRows = 0;
    if (left > 0) this.drop(left);
    await this.idle();
    const loaded = await this.loaded?.catch(() => undefined);
    await loaded?.executor
      .close()
      .catch((error: unknown) => this.deps.problem(`closing the shadow model of "${this.deployment}" failed`, error));
  }

  private drop(rows: number): void {
    this.deps.count('dropped', rows);
    this.deps.writeDropped(rows);
  }

  private async drain(): Promise<void> {
    try {
      while (this.head < this.queue.length) {
        const groups = this.take();
        await this.score(groups);
      }
    } finally {
      this.running = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** The oldest groups, whole, up to maxBatchRows rows (at least one group). */
  private take(): AnsweredRows[] {
    const groups: AnsweredRows[] = [];
    let rows = 0;
    while (this.head < this.queue.length) {
      const next = this.queue[this.head]!;
      if (groups.length > 0 && rows + next.ids.length > this.limits.maxBatchRows) break;
      groups.push(next);
      rows += next.ids.length;
      this.queue[this.head++] = undefined as unknown as AnsweredRows;
    }
    this.queuedRows -= rows;
    // Compact now and then so the array does not grow with everything ever offered.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return groups;
  }

  private executor(): Promise<Loaded> {
    if (this.loaded === undefined || (this.failedLoad() && this.deps.now() - this.loadFailedAt >= this.limits.retryLoadMs)) {
      this.loadFailedAt = Number.NEGATIVE_INFINITY;
      this.loaded = this.deps.load().then(
        ({ version, executor }) => ({ version, executor, read: compileInstanceReader(version.signature.inputs) }),
        (error: unknown) => {
          this.loadFailedAt = this.deps.now();
          this.deps.problem(
            `the shadow model of "${this.deployment}" could not be loaded; trying again in ${this.limits.retryLoadMs} ms`,
            error,
          );
          throw error;
        },
      );
    }
    return this.loaded;
  }

  private failedLoad(): boolean {
    return this.loadFailedAt !== Number.NEGATIVE_INFINITY;
  }

  private async score(groups: readonly AnsweredRows[]): Promise<void> {
    let loaded: Loaded;
    try {
      loaded = await this.executor();
    } catch (error) {
      this.fail(groups, 'failed', `the shadow model could not be loaded: ${message(error)}`, null);
      return;
    }
    const { batch, readable } = this.read(loaded.read, groups);
    if (readable.length === 0) return;
    const started = this.deps.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed_out'>((resolve) => {
      timer = setTimeout(() => resolve('timed_out'), this.limits.timeoutMs);
    });
    const call = loaded.executor.predict(batch).then(
      (output) => ({ output }),
      (error: unknown) => ({ error }),
    );
    const result = await Promise.race([call, timedOut]);
    clearTimeout(timer);
    const latencyMs = this.deps.now() - started;
    this.deps.busy(latencyMs);
    if (result === 'timed_out') {
      // Abandoned: the call may still answer or fail later; nobody listens (call has its own handlers).
      this.fail(readable, 'timed_out', `the shadow model did not answer within ${this.limits.timeoutMs} ms`, null);
      this.deps.problem(
        `the shadow model of "${this.deployment}" did not answer ${batch.rowCount} rows within ${this.limits.timeoutMs} ms; abandoned`,
      );
      return;
    }
    if ('error' in result) {
      this.fail(readable, 'failed', `the shadow model failed: ${message(result.error)}`, latencyMs);
      this.deps.problem(`the shadow model of "${this.deployment}" failed on ${batch.rowCount} rows`, result.error);
      return;
    }
    let records: PredictionRecord[];
    try {
      records = toPredictionRecords(result.output);
      if (records.length !== batch.rowCount) throw new Error(`it answered ${records.length} rows for ${batch.rowCount}`);
    } catch (error) {
      this.fail(readable, 'failed', `the shadow model's answer cannot be read: ${message(error)}`, latencyMs);
      return;
    }
    const at = this.deps.clock().toISOString();
    const out: ShadowPredictionRecord[] = [];
    let row = 0;
    for (const group of readable)
      for (const id of group.ids) out.push(this.record(id, at, 'scored', { output: records[row++]!, error: null, latencyMs }));
    this.deps.count('scored', out.length);
    this.deps.write(out);
  }

  /**
   * The groups' instances as one batch for the shadow's signature. A group the shadow cannot read
   * (an input it needs that the primary did not) fails alone; the rest are scored together.
   */
  private read(read: InstanceReader, groups: readonly AnsweredRows[]): { batch: FeatureBatch; readable: AnsweredRows[] } {
    try {
      return { batch: read(groups.flatMap((g) => g.inputs)), readable: [...groups] };
    } catch {
      const readable = groups.filter((group) => {
        try {
          read(group.inputs);
          return true;
        } catch (error) {
          this.fail([group], 'failed', `the shadow cannot read the instances: ${message(error)}`, null);
          return false;
        }
      });
      return { batch: readable.length > 0 ? read(readable.flatMap((g) => g.inputs)) : { rowCount: 0, columns: [] }, readable };
    }
  }

  private fail(groups: readonly AnsweredRows[], outcome: 'failed' | 'timed_out', error: string, latencyMs: number | null): void {
    const at = this.deps.clock().toISOString();
    const out = groups.flatMap((group) => group.ids.map((id) => this.record(id, at, outcome, { output: null, error, latencyMs })));
    this.deps.count(outcome, out.length);
    this.deps.write(out);
  }

  private record(
    primaryPredictionId: string,
    at: string,
    outcome: ShadowOutcome,
    rest: Pick<ShadowPredictionRecord, 'output' | 'error' | 'latencyMs'>,
  ): ShadowPredictionRecord {
    return {
      id: this.deps.newId(),
      primaryPredictionId,
      deploymentName: this.deployment,
      versionId: this.versionId,
      at,
      outcome,
      rows: 1,
      ...rest,
    };
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
