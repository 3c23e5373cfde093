import type { PredictionLogRecord } from '../../core/serving-records.ts';
import type { Store } from '../../store/store.ts';

/** Thrown inside the probe's transaction so nothing it wrote is kept. */
const ROLLBACK = new Error('the prediction log probe rolls back');

/** The row the probe writes and rolls back: an id no ULID can be (it starts past 7ZZ…). */
const PROBE_RECORD: PredictionLogRecord = {
  id: 'ZZPROBEZZZZZZZZZZZZZZZZZZZ',
  at: '1970-01-01T00:00:00.000Z',
  deploymentId: 'probe',
  deploymentName: 'probe',
  versionId: 'probe',
  modelName: 'probe',
  modelVersion: 0,
  requestId: null,
  features: [],
  inputs: {},
  output: {},
  latencyMs: 0,
};

interface Pending {
  readonly records: readonly PredictionLogRecord[];
  resolve(): void;
  reject(error: unknown): void;
}

export interface LogCommitStats {
  readonly records: number;
  readonly requests: number;
  readonly seconds: number;
}

/**
 * Group commit for the prediction log. Each request's records are appended and its promise resolves
 * only once they are committed, so a response is never sent for a prediction that could be lost.
 * While one transaction is being written, every record that arrives waits and goes into the next
 * one: under load many requests share a commit, and an idle server commits each request at once.
 */
export class PredictionLogWriter {
  private queue: Pending[] = [];
  private writing: Promise<void> | undefined;
  private closed = false;
  /** Why the last commit failed, until one succeeds or a probe shows the table writable again. */
  private failing: string | undefined;

  constructor(
    private readonly store: Pick<Store, 'transaction'>,
    private readonly onCommit: (stats: LogCommitStats) => void = () => {},
  ) {}

  get queued(): number {
    return this.queue.reduce((sum, p) => sum + p.records.length, 0);
  }

  append(records: readonly PredictionLogRecord[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the prediction log is closed'));
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /**
   * Why the table cannot be written now, or undefined: for readiness. After a failed commit, a
   * probe writes a row in a transaction it rolls back, so a store that recovered is seen as such
   * even while no request comes (a server out of its load balancer's rotation gets none).
   */
  async problem(): Promise<string | undefined> {
    if (this.failing === undefined) return undefined;
    try {
      await this.store.transaction(async (tx) => {
        await tx.predictions.insertMany([PROBE_RECORD]);
        throw ROLLBACK;
      });
    } catch (error) {
      if (error !== ROLLBACK) {
        this.failing = error instanceof Error ? error.message : String(error);
        return this.failing;
      }
    }
    this.failing = undefined;
    return undefined;
  }

  /** Waits for everything appended so far to be committed, then refuses further appends. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    // Let requests that finish in the same turn of the event loop join this commit.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      const records = group.flatMap((p) => p.records);
      const started = performance.now();
      try {
        await this.store.transaction((tx) => tx.predictions.insertMany(records));
        this.failing = undefined;
        this.onCommit({ records: records.length, requests: group.length, seconds: (performance.now() - started) / 1000 });
        for (const p of group) p.resolve();
      } catch (error) {
        this.failing = error instanceof Error ? error.message : String(error);
        for (const p of group) p.reject(error);
      }
    }
    this.writing = undefined;
  }
}
