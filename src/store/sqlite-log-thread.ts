import type { Worker } from 'node:worker_threads';
import { spawnModuleThread } from './spawn-module-thread.ts';
import { BallastError } from '../core/errors.ts';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import type { LogHostMessage, LogThreadData, LogThreadMessage } from './sqlite-log-messages.ts';
import { encodeLogRecords } from './sqlite-log-wire.ts';

export interface LogThreadCommit {
  readonly records: number;
  readonly requests: number;
  /** Time the thread spent writing the transaction. */
  readonly seconds: number;
}

/**
 * A group is posted as soon as FLUSH_AT records wait, without waiting for the end of the event
 * loop's turn, and up to MAX_GROUPS_IN_FLIGHT groups may be on their way. At concurrency 64 the
 * requests of one turn otherwise left as one group (~60 records) after the whole turn, and their
 * answers came back together: the event loop and the log thread took turns, each idle while the
 * other worked. Posting every 16 records lets the thread commit the first ones while the event
 * loop still scores the rest (measured: docs/benchmarks.md, "The log's groups leave in a pipeline"). Groups that
 * reach the thread while it is busy still share its next transaction.
 */
export const FLUSH_AT = 16;
export const MAX_GROUPS_IN_FLIGHT = 8;

interface Pending {
  readonly records: readonly PredictionLogRecord[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The prediction log of a SQLite store, written by a thread of its own. Profiling the server put
 * the log's commits on the event loop at ~30 µs of CPU per request, on the thread that also parses
 * every request; here the event loop only encodes the records into one string per group and posts
 * it (one group in flight at a time), and the commit runs on another core.
 *
 * The promise is the same as the in-process writer's: `append` resolves only once its records are
 * committed, so a response is never sent for a prediction a crash could lose. If the thread stops,
 * the appends it held are rejected (`unavailable`) and a new thread is started for later ones.
 */
export class SqliteLogThread {
  private thread: Worker;
  private restarting: Promise<void> | undefined;
  private next: Pending[] = [];
  /** Records in `next`. */
  private nextRecords = 0;
  private flushScheduled = false;
  private readonly inFlight = new Map<number, Pending[]>();
  private seq = 0;
  private closed: Promise<void> | undefined;
  /** Set once close() stops the thread on purpose, so its exit is not taken for a crash. */
  private stopping = false;
  /** close() waiting for the groups in flight to settle. */
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly file: string,
    thread: Worker,
    private readonly onCommit: (commit: LogThreadCommit) => void,
  ) {
    this.thread = thread;
    this.attach(thread);
  }

  /** Opens the thread's connection to `file` (an already migrated SQLite store); rejects if it cannot. */
  static async start(file: string, onCommit: (commit: LogThreadCommit) => void = () => {}): Promise<SqliteLogThread> {
    return new SqliteLogThread(file, await spawnLogThread(file), onCommit);
  }

  /** Records appended and not yet committed. */
  get queued(): number {
    let count = 0;
    for (const p of this.next) count += p.records.length;
    for (const group of this.inFlight.values()) for (const p of group) count += p.records.length;
    return count;
  }

  append(records: readonly PredictionLogRecord[]): Promise<void> {
    if (this.closed !== undefined) return Promise.reject(new BallastError('unavailable', 'the prediction log is closed'));
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.next.push({ records, resolve, reject });
      this.nextRecords += records.length;
      if (this.nextRecords >= FLUSH_AT) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Otherwise the requests answered in the same turn of the event loop travel together.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything appended so far, then stops the thread and refuses further appends. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      this.flush();
      while (this.inFlight.size > 0 || this.next.length > 0 || this.restarting) await this.settled();
      await this.stopThread();
    })();
    return this.closed;
  }

  /** Posts what waits, unless the thread is restarting (restart() flushes when it is back) or enough groups are in flight (receive() flushes). */
  private flush(): void {
    this.flushScheduled = false;
    if (this.restarting || this.next.length === 0 || this.inFlight.size >= MAX_GROUPS_IN_FLIGHT) return;
    const group = this.next;
    this.next = [];
    this.nextRecords = 0;
    const seq = this.seq++;
    let records: string;
    try {
      records = encodeLogRecords(group.length === 1 ? group[0]!.records : group.flatMap((p) => p.records));
    } catch (error) {
      for (const p of group) p.reject(error);
      return;
    }
    this.inFlight.set(seq, group);
    this.thread.postMessage({ type: 'append', seq, records } satisfies LogHostMessage);
  }

  private receive(message: LogThreadMessage): void {
    if (message.type === 'committed') {
      let requests = 0;
      for (const seq of message.seqs) {
        const group = this.inFlight.get(seq);
        this.inFlight.delete(seq);
        if (group === undefined) continue;
        requests += group.length;
        for (const p of group) p.resolve();
      }
      this.onCommit({ records: message.records, requests, seconds: message.seconds });
      this.flush();
    } else if (message.type === 'failed') {
      const error = new BallastError('unavailable', `the prediction log could not be written: ${message.message}`);
      for (const seq of message.seqs) {
        for (const p of this.inFlight.get(seq) ?? []) p.reject(error);
        this.inFlight.delete(seq);
      }
      this.flush();
    }
    this.wake();
  }

  private attach(thread: Worker): void {
    let lastError: Error | undefined;
    thread.on('message', (message: LogThreadMessage) => this.receive(message));
    thread.on('error', (error) => (lastError = error));
    thread.on('exit', (code) => {
      if (thread !== this.thread || this.stopping) return;
      // Whether the groups in flight were committed is unknown: fail them, so no answer claims a record that may not exist.
      const error = new BallastError('unavailable', `the prediction log thread stopped${lastError ? `: ${lastError.message}` : ` (exit code ${code})`}; the request was not completed`);
      for (const group of this.inFlight.values()) for (const p of group) p.reject(error);
      this.inFlight.clear();
      this.restart();
    });
  }

  private restart(): void {
    this.restarting = spawnLogThread(this.file).then(
      (thread) => {
        this.thread = thread;
        this.attach(thread);
      },
      (error: unknown) => {
        const failure = new BallastError('unavailable', `the prediction log thread could not be restarted: ${(error as Error).message}`);
        for (const p of this.next.splice(0)) p.reject(failure);
        this.nextRecords = 0;
        this.closed ??= Promise.resolve();
      },
    ).finally(() => {
      this.restarting = undefined;
      this.wake();
      if (this.next.length > 0 && !this.flushScheduled) this.flush();
    });
  }

  /** Resolves at the next commit, failure or restart. */
  private settled(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private async stopThread(): Promise<void> {
    this.stopping = true;
    const thread = this.thread;
    const done = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    thread.postMessage({ type: 'close' } satisfies LogHostMessage);
    await done;
  }
}

/** Starts the thread and resolves once its connection is open and its statement prepared. */
function spawnLogThread(file: string): Promise<Worker> {
  const thread = spawnModuleThread(import.meta.url, './sqlite-log-thread-entry', { workerData: { file } satisfies LogThreadData });
  return new Promise((resolve, reject) => {
    let failure: Error | undefined;
    const onMessage = (message: LogThreadMessage) => {
      if (message.type === 'ready') {
        cleanup();
        resolve(thread);
      } else if (message.type === 'open-failed') failure = new BallastError('store_unavailable', `the prediction log cannot open ${file}: ${message.message}`);
    };
    const onError = (error: Error) => (failure ??= error);
    const onExit = (code: number) => {
      cleanup();
      reject(failure ?? new Error(`the prediction log thread stopped while starting (exit code ${code})`));
    };
    const cleanup = () => {
      thread.off('message', onMessage);
      thread.off('error', onError);
      thread.off('exit', onExit);
    };
    thread.on('message', onMessage);
    thread.on('error', onError);
    thread.on('exit', onExit);
  });
}
