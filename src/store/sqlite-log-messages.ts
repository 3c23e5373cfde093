/** What the SQLite prediction-log thread is started with (its `workerData`). */
export interface LogThreadData {
  /** The database file; its schema is already migrated by the store that owns it. */
  readonly file: string;
}

/**
 * One `append` carries the groups journaled in the last few milliseconds, each group's records as
 * a single string (sqlite-log-wire.ts): one message per commit and one string copy per group
 * instead of a structured clone per record, which keeps the main thread's share of the work small.
 */
export type LogHostMessage = { readonly type: 'append'; readonly groups: readonly { readonly seq: number; readonly records: string }[] } | { readonly type: 'close' };

export type LogThreadMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'open-failed'; readonly message: string }
  /** Every group in `seqs` is committed (one transaction for all of them). */
  | { readonly type: 'committed'; readonly seqs: readonly number[]; readonly records: number; readonly seconds: number }
  | { readonly type: 'failed'; readonly seqs: readonly number[]; readonly message: string }
  | { readonly type: 'closed' };
