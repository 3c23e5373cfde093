import type { Worker } from 'node:worker_threads';
import { spawnModuleThread } from './spawn-module-thread.ts';
import { BallastError } from '../core/errors.ts';
import type { PredictionLogRecord } from '../core/serving-records.ts';
import type { LogHostMessage, LogThreadData, LogThreadMessage } from './sqlite-log-messages.ts';
import { encodeLogRecords } from './sqlite-log-wire.ts';
import { PredictionJournal, type JournalEntry } from './prediction-journal.ts';

export interface LogThreadCommit {
  readonly records: number;
  readonly requests: number;
  /** Time the thread spent writing the transaction. */
  readonly seconds: number;
}

/**
 * The event loop writes a group to the journal at the end of the turn, or sooner once FLUSH_AT
 * records wait: one write(2) per group rather than per request, and a line of bounded size. Large
 * enough that the answers to one model call leave together: at 16, a call of ~24 rows on the ONNX
 * example was answered in two waves (16, then the rest at the end of the turn), and under
 * autocannon the server spent 7.6–9.1 µs more CPU per request than at 64 in two interleaved runs
 * (docs/benchmarks.md, "Logged inputs without their names").
 */
export const FLUSH_AT = 64;
/**
 * Records acknowledged but not yet in the table, at most. Beyond it, appends wait for the thread
 * to catch up (the response then waits for the table, as a plain group commit would), which bounds
 * the memory the groups hold and the journal's growth when SQLite falls behind.
 */
const MAX_UNDRAINED_RECORDS = 16_384;
/**
 * Groups are handed to the thread this long after the first of them was journaled, all in one
 * message, and the thread commits each message in one transaction. No response waits for the
 * table, and each commit rewrites the last, partly filled page of the table and of each index and
 * the database header, and wakes a thread whose caches have gone cold: on the ONNX example under
 * load the thread spent 6.3 µs per record at 5 ms (~110 records a commit), 5.6 at 20 ms and 4.8 at
 * 50 ms (docs/benchmarks.md, "Logged inputs without their names"). A reader that needs the table
 * (caughtUp) hands them over at once.
 */
export const GATHER_MS = 50;
/**
 * Or as soon as this many records wait to be handed over: a commit holds SQLite's write lock, and
 * the store's own writes on the event loop (deployments, monitoring windows) wait for it, so one
 * commit stays a few milliseconds long however busy the server.
 */
export const POST_AT_RECORDS = 1024;
/** A group the thread could not commit is posted again after this long (doubling up to 5 s). */
const RETRY_MS = 50;

interface Pending {
  readonly records: readonly PredictionLogRecord[];
  resolve(): void;
  reject(error: unknown): void;
}

/** A group in the journal and not yet in the table. */
interface Undrained {
  readonly entry: JournalEntry;
  readonly records: number;
  readonly requests: number;
}

export interface SqliteLogThreadOptions {
  readonly onCommit?: (commit: LogThreadCommit) => void;
  /** The thread could not commit (it retries): for the server's log. */
  readonly onError?: (message: string) => void;
  readonly segmentBytes?: number;
  /** MAX_UNDRAINED_RECORDS unless given (tests). */
  readonly maxUndrainedRecords?: number;
}

/**
 * The prediction log of a SQLite store: a journal written on the event loop and a thread of its
 * own that moves the journal's groups into the predictions table.
 *
 * `append` resolves once its records are in the journal (prediction-journal.ts), which survives a
 * crash of the process as a SQLite commit does, so a response is never sent for a prediction a
 * crash could lose; the thread commits the groups to the table behind the responses, many per
 * transaction, and each journal segment is deleted once all of its groups are there. A group the
 * thread failed to commit, or that a stopped thread held, is posted again (the insert skips rows
 * already present); whatever is still undrained when the process dies is replayed the next time
 * the store is opened. Before, every response waited for the thread's commit, and on two cores the
 * event loop sat idle while it ran (docs/benchmarks.md, "The log's journal").
 */
export class SqliteLogThread {
  private thread: Worker;
  private restarting: Promise<void> | undefined;
  private next: Pending[] = [];
  /** Records in `next`. */
  private nextRecords = 0;
  private flushScheduled = false;
  private readonly undrained = new Map<number, Undrained>();
  private undrainedRecords = 0;
  private seq = 0;
  private closed: Promise<void> | undefined;
  /** Set once close() stops the thread on purpose, so its exit is not taken for a crash. */
  private stopping = false;
  /** Why the last commit failed; cleared by the next one that succeeds. */
  private failing: string | undefined;
  private retry: NodeJS.Timeout | undefined;
  private retryDelayMs = RETRY_MS;
  /** Appends waiting for room under MAX_UNDRAINED_RECORDS. */
  private blocked: Pending[] = [];
  /** Waiting for the groups below a sequence number to reach the table. */
  private waiters: { seq: number; resolve(): void }[] = [];
  private readonly maxUndrained: number;
  /** Journaled groups not yet handed to the thread, and the timer that will. */
  private toPost: number[] = [];
  /** Records in `toPost`'s groups: POST_AT_RECORDS of them hand the groups over at once. */
  private toPostRecords = 0;
  private postTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly file: string,
    thread: Worker,
    private readonly journal: PredictionJournal,
    private readonly options: SqliteLogThreadOptions,
  ) {
    this.thread = thread;
    this.maxUndrained = options.maxUndrainedRecords ?? MAX_UNDRAINED_RECORDS;
    this.attach(thread);
  }

  /** Opens the journal and the thread's connection to `file` (an already migrated SQLite store); rejects if it cannot. */
  static async start(file: string, options: SqliteLogThreadOptions = {}): Promise<SqliteLogThread> {
    const thread = await spawnLogThread(file);
    let journal: PredictionJournal;
    try {
      journal = PredictionJournal.open(file, { segmentBytes: options.segmentBytes });
    } catch (error) {
      await thread.terminate();
      throw new BallastError('store_unavailable', `the prediction log cannot open its journal beside ${file}: ${(error as Error).message}`);
    }
    return new SqliteLogThread(file, thread, journal, options);
  }

  /** Records appended and not yet in the table. */
  get queued(): number {
    let count = this.nextRecords + this.undrainedRecords;
    for (const p of this.blocked) count += p.records.length;
    return count;
  }

  append(records: readonly PredictionLogRecord[]): Promise<void> {
    if (this.closed !== undefined) return Promise.reject(new BallastError('unavailable', 'the prediction log is closed'));
    if (records.length === 0) return Promise.resolve();
    if (this.undrainedRecords >= this.maxUndrained && this.failing !== undefined) {
      return Promise.reject(new BallastError('unavailable', `the prediction log could not be written: ${this.failing}`));
    }
    return new Promise<void>((resolve, reject) => {
      const pending = { records, resolve, reject };
      if (this.undrainedRecords >= this.maxUndrained || this.blocked.length > 0) this.blocked.push(pending);
      else this.enqueue(pending);
    });
  }

  /**
   * Why the table cannot be written now (the thread's last commit failed, or it cannot be
   * restarted), or undefined while it can: for readiness. It clears itself, since failed groups
   * are retried until a commit succeeds.
   */
  problem(): Promise<string | undefined> {
    return Promise.resolve(this.failing);
  }

  /** Resolves once every record appended before the call is in the table, so a read of the table finds it. */
  caughtUp(): Promise<void> {
    this.flush();
    // Appends still blocked are not acknowledged yet, so no reader can be looking for them.
    const seq = this.seq;
    if (this.oldestUndrained() >= seq) return Promise.resolve();
    this.post();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  /**
   * Moves what was appended into the table, then stops the thread and refuses further appends. If
   * the table cannot be written within `timeoutMs`, the groups stay in the journal for the next
   * opening of the store.
   */
  close(timeoutMs = 10_000): Promise<void> {
    this.closed ??= (async () => {
      this.flush();
      for (const p of this.blocked.splice(0)) p.reject(new BallastError('unavailable', 'the prediction log is closed'));
      const deadline = Date.now() + timeoutMs;
      while ((this.undrained.size > 0 || this.restarting) && Date.now() < deadline) {
        await Promise.race([this.caughtUp(), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref())]);
      }
      clearTimeout(this.retry);
      clearTimeout(this.postTimer);
      await this.stopThread();
      this.journal.close();
    })();
    return this.closed;
  }

  private enqueue(pending: Pending): void {
    this.next.push(pending);
    this.nextRecords += pending.records.length;
    if (this.nextRecords >= FLUSH_AT) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      // Otherwise the requests answered in the same turn of the event loop travel together. Not
      // at the end of the current event (queueMicrotask): a cheap model scores each request in
      // an event of its own, and one write per request made the XGBoost example's server 0.73× as
      // fast (docs/benchmarks.md, "The log's journal").
      setImmediate(() => this.flush());
    }
  }

  /** Writes what waits to the journal, acknowledges it, and hands it to the thread. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.next.length === 0) return;
    const group = this.next;
    const records = this.nextRecords;
    this.next = [];
    this.nextRecords = 0;
    let entry: JournalEntry;
    try {
      entry = this.journal.write(encodeLogRecords(group.length === 1 ? group[0]!.records : group.flatMap((p) => p.records)));
    } catch (error) {
      const failure = new BallastError('unavailable', `the prediction log could not be written: ${(error as Error).message}`);
      for (const p of group) p.reject(failure);
      return;
    }
    const seq = this.seq++;
    this.undrained.set(seq, { entry, records, requests: group.length });
    this.undrainedRecords += records;
    this.toPost.push(seq);
    this.toPostRecords += records;
    if (this.toPostRecords >= POST_AT_RECORDS) this.post();
    else this.postTimer ??= setTimeout(() => this.post(), GATHER_MS);
    for (const p of group) p.resolve();
  }

  /** Hands the journaled groups to the thread, unless it is restarting or a retry is due (both post every undrained group). */
  private post(): void {
    clearTimeout(this.postTimer);
    this.postTimer = undefined;
    if (this.restarting || this.retry !== undefined || this.toPost.length === 0) return;
    const groups = this.toPost
      .filter((seq) => this.undrained.has(seq))
      .map((seq) => {
        const { file, offset, length } = this.undrained.get(seq)!.entry;
        return { seq, file, offset, length };
      });
    this.toPost = [];
    this.toPostRecords = 0;
    this.thread.postMessage({ type: 'append', groups } satisfies LogHostMessage);
  }

  /** Posts every undrained group again, in order (after a failed commit or a new thread). */
  private repost(): void {
    this.toPost = [...this.undrained.keys()];
    this.toPostRecords = this.undrainedRecords;
    this.post();
  }

  private receive(message: LogThreadMessage): void {
    if (message.type === 'committed') {
      let requests = 0;
      for (const seq of message.seqs) {
        const group = this.undrained.get(seq);
        if (group === undefined) continue; // posted twice, and already reported
        this.undrained.delete(seq);
        this.undrainedRecords -= group.records;
        requests += group.requests;
        this.journal.drained(group.entry);
      }
      this.failing = undefined;
      this.retryDelayMs = RETRY_MS;
      this.options.onCommit?.({ records: message.records, requests, seconds: message.seconds });
      this.unblock();
      this.wake();
    } else if (message.type === 'failed') {
      this.failing = message.message;
      this.options.onError?.(
        `the prediction log thread could not commit ${message.seqs.length} group(s); they stay in the journal and are retried: ${message.message}`,
      );
      this.scheduleRetry();
      this.unblock();
    }
  }

  private scheduleRetry(): void {
    if (this.retry !== undefined) return;
    const delayMs = this.retryDelayMs;
    this.retryDelayMs = Math.min(5000, delayMs * 2);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.restarting) this.repost();
    }, delayMs);
    this.retry.unref();
  }

  /** Lets blocked appends through while there is room; fails them if the log cannot be written. */
  private unblock(): void {
    while (this.blocked.length > 0 && this.undrainedRecords + this.nextRecords < this.maxUndrained) this.enqueue(this.blocked.shift()!);
    if (this.failing !== undefined && this.undrainedRecords >= this.maxUndrained) {
      const failure = new BallastError('unavailable', `the prediction log could not be written: ${this.failing}`);
      for (const p of this.blocked.splice(0)) p.reject(failure);
    }
  }

  private oldestUndrained(): number {
    for (const seq of this.undrained.keys()) return seq; // a Map iterates in insertion order: the oldest first
    return Number.POSITIVE_INFINITY;
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const oldest = this.oldestUndrained();
    this.waiters = this.waiters.filter((w) => (oldest >= w.seq ? (w.resolve(), false) : true));
  }

  private attach(thread: Worker): void {
    let lastError: Error | undefined;
    thread.on('message', (message: LogThreadMessage) => this.receive(message));
    thread.on('error', (error) => (lastError = error));
    thread.on('exit', (code) => {
      if (thread !== this.thread || this.stopping) return;
      // Whether the groups it held were committed is unknown: they are in the journal, and the new thread gets them again.
      this.options.onError?.(
        `the prediction log thread stopped${lastError ? `: ${lastError.message}` : ` (exit code ${code})`}; starting another`,
      );
      this.restart();
    });
  }

  private restart(): void {
    this.restarting = spawnLogThread(this.file).then(
      (thread) => {
        this.thread = thread;
        this.attach(thread);
        this.restarting = undefined;
        this.repost();
      },
      (error: unknown) => {
        this.restarting = undefined;
        this.failing = `the prediction log thread could not be restarted: ${(error as Error).message}`;
        this.options.onError?.(this.failing);
        this.scheduleRestart();
      },
    );
  }

  private scheduleRestart(): void {
    setTimeout(() => {
      if (!this.stopping) this.restart();
    }, 1000).unref();
  }

  private async stopThread(): Promise<void> {
    this.stopping = true;
    await this.restarting?.catch(() => {});
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
      } else if (message.type === 'open-failed')
        failure = new BallastError('store_unavailable', `the prediction log cannot open ${file}: ${message.message}`);
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
