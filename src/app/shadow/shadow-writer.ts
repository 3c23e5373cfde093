import type { ShadowPredictionRecord } from '../../core/shadow/shadow-record.ts';
import type { ShadowRepository } from '../../store/shadow-repository.ts';

export interface ShadowWriterOptions {
  readonly clock: () => Date;
  readonly newId: () => string;
  /** How often what was added is written (default 250 ms); a batch of `batchRows` is written at once. */
  readonly flushMs?: number;
  readonly batchRows?: number;
  /**
   * Most rows kept while the store refuses writes (default 20,000); past it the oldest are given up
   * and reported, so a store outage cannot grow the server's memory without bound.
   */
  readonly maxPendingRows?: number;
  readonly onError?: (message: string, error?: unknown) => void;
}

/**
 * Writes shadow rows in batches off the answer path: `add` only appends to memory; a timer (or a
 * full batch) writes them in one statement. Dropped predictions are summed per deployment and
 * shadow version and written as one `dropped` row per batch.
 */
export class ShadowWriter {
  private pending: ShadowPredictionRecord[] = [];
  private readonly dropped = new Map<string, { deployment: string; versionId: string; rows: number }>();
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly repository: Pick<ShadowRepository, 'insertMany'>,
    private readonly options: ShadowWriterOptions,
  ) {
    this.timer = setInterval(() => void this.flush(), options.flushMs ?? 250);
    this.timer.unref();
  }

  add(records: readonly ShadowPredictionRecord[]): void {
    for (const record of records) this.pending.push(record);
    if (this.pending.length >= (this.options.batchRows ?? 500)) void this.flush();
  }

  addDropped(deployment: string, versionId: string, rows: number): void {
    const key = `${deployment}\u0000${versionId}`;
    const entry = this.dropped.get(key);
    if (entry) entry.rows += rows;
    else this.dropped.set(key, { deployment, versionId, rows });
  }

  /** Writes everything added so far; resolves once it is written (or given up to the next flush). */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writeBatch());
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async writeBatch(): Promise<void> {
    const at = this.options.clock().toISOString();
    for (const { deployment, versionId, rows } of this.dropped.values()) {
      this.pending.push({
        id: this.options.newId(),
        primaryPredictionId: null,
        deploymentName: deployment,
        versionId,
        at,
        outcome: 'dropped',
        rows,
        output: null,
        error: null,
        latencyMs: null,
      });
    }
    this.dropped.clear();
    // One statement per chunk, each taken off the front once written, so a failure part-way keeps
    // exactly what was not written (rows added meanwhile go to the back).
    const size = this.options.batchRows ?? 500;
    while (this.pending.length > 0) {
      const chunk = this.pending.slice(0, size);
      try {
        await this.repository.insertMany(chunk);
      } catch (error) {
        const max = this.options.maxPendingRows ?? 20_000;
        const over = this.pending.length - max;
        if (over > 0) this.pending.splice(0, over);
        this.options.onError?.(
          `writing ${chunk.length} shadow predictions failed; kept for the next try${over > 0 ? ` (${over} of the oldest given up)` : ''}`,
          error,
        );
        return;
      }
      this.pending.splice(0, chunk.length);
    }
  }
}
