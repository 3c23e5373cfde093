import type { JournalEntry } from './prediction-journal.ts';

/** The log thread's nice value (Linux): below the event loop's, which is the default 0. */
export const LOG_THREAD_NICE = 10;

/** What the SQLite prediction-log thread is started with (its `workerData`). */
export interface LogThreadData {
  /** The database file; its schema is already migrated by the store that owns it. */
  readonly file: string;
}

/**
 * One `append` names the groups journaled in the last few milliseconds by where their lines are in
 * the journal; the thread reads them from there. The event loop neither copies a group's text into
 * the message nor keeps it until the commit (which cost it ~1.4 µs per request in postMessage, and
 * garbage collection of strings that outlived the young generation).
 */
export type LogHostMessage = { readonly type: 'append'; readonly groups: readonly ({ readonly seq: number } & JournalEntry)[] } | { readonly type: 'close' };

export type LogThreadMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'open-failed'; readonly message: string }
  /** Every group in `seqs` is committed (one transaction for all of them). */
  | { readonly type: 'committed'; readonly seqs: readonly number[]; readonly records: number; readonly seconds: number }
  | { readonly type: 'failed'; readonly seqs: readonly number[]; readonly message: string }
  | { readonly type: 'closed' };
