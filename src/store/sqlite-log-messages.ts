import type { JournalEntry } from './prediction-journal.ts';

/** The log thread's nice value (Linux): below the event loop's, which is the default 0. */
export const LOG_THREAD_NICE = 10;

/**
 * WAL pages (4 KiB) after which the log thread's commit checkpoints the WAL into the database file:
 * ten times SQLite's default, so a checkpoint (and its two fsyncs) comes a tenth as often (onnx,
 * wrk, 8 rounds: 1.035× the req/s, 3.5 µs less server CPU per request; docs/benchmarks.md, "The
 * log's journal"). The WAL file may grow to ~40 MiB. The server's own connection checkpoints
 * never (openPredictionLog), so no checkpoint runs on the event loop.
 */
export const LOG_THREAD_CHECKPOINT_PAGES = 10_000;

/** What the SQLite prediction-log thread is started with (its `workerData`). */
export interface LogThreadData {
  /** The database file; its schema is already migrated by the store that owns it. */
  readonly file: string;
}

/**
 * One `append` names the groups journaled since the last one by where their lines are in the
 * journal (GATHER_MS, sqlite-log-thread.ts); the thread reads them from there. The event loop
 * neither copies a group's text into the message nor keeps it until the commit (which cost it
 * ~1.4 µs per request in postMessage, and garbage collection of strings that outlived the young
 * generation).
 */
export type LogHostMessage =
  { readonly type: 'append'; readonly groups: readonly ({ readonly seq: number } & JournalEntry)[] } | { readonly type: 'close' };

export type LogThreadMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'open-failed'; readonly message: string }
  /** Every group in `seqs` is committed (one transaction for all of them). */
  | { readonly type: 'committed'; readonly seqs: readonly number[]; readonly records: number; readonly seconds: number }
  | { readonly type: 'failed'; readonly seqs: readonly number[]; readonly message: string }
  | { readonly type: 'closed' };
