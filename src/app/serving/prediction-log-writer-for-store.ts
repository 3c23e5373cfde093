import { sql } from 'kysely';
import { BallastError } from '../../core/errors.ts';
import { SqliteLogThread } from '../../store/sqlite-log-thread.ts';
import type { Store } from '../../store/store.ts';
import { PredictionLogWriter, type LogCommitStats } from './prediction-log-writer.ts';
import type { PredictionLog } from './serving-types.ts';

/**
 * Where the prediction log's commits run. `thread`: a thread of its own with its own SQLite
 * connection (SQLite files only); `event-loop`: the group-commit writer on the main thread, through
 * the store (any dialect); `auto`: the thread where it can be used, else the event loop.
 */
export type LogWriterMode = 'auto' | 'thread' | 'event-loop';

export const LOG_WRITER_MODES: readonly LogWriterMode[] = ['auto', 'thread', 'event-loop'];

export interface ClosablePredictionLog extends PredictionLog {
  /** Records appended and not yet committed. */
  readonly queued: number;
  /** Why the log cannot commit now (readiness), or undefined while it can. */
  problem(): Promise<string | undefined>;
  /** Commits everything appended so far, then refuses further appends. */
  close(): Promise<void>;
}

/**
 * The prediction log for a store. A SQLite file gets the log thread by default: on the event loop
 * the log cost ~30 µs of CPU per request on the thread that is the server's bottleneck. PostgreSQL
 * keeps the in-process writer (its driver already does the I/O off the event loop), as does an
 * in-memory SQLite database, which a second connection could not see.
 */
export async function openPredictionLog(
  store: Pick<Store, 'transaction' | 'db' | 'databaseFile'>,
  options: {
    readonly mode?: LogWriterMode;
    readonly onCommit?: (stats: LogCommitStats) => void;
    readonly onError?: (message: string) => void;
  } = {},
): Promise<ClosablePredictionLog> {
  const mode = options.mode ?? 'auto';
  // The store knows whether a second connection can see its database; the URL is not parsed again here.
  const file = store.databaseFile;
  if (mode === 'thread' && file === undefined)
    throw new BallastError(
      'invalid_argument',
      'the prediction log can run on its own thread only for a SQLite file, not PostgreSQL or an in-memory database',
    );
  if (mode === 'event-loop' || file === undefined) return new PredictionLogWriter(store, options.onCommit);
  const log = await SqliteLogThread.start(file, { onCommit: options.onCommit, onError: options.onError });
  // The log thread writes nearly all of the WAL and checkpoints it (LOG_THREAD_CHECKPOINT_PAGES);
  // this connection, on the event loop, leaves checkpoints to it (closing it still checkpoints).
  await sql`pragma wal_autocheckpoint = 0`.execute(store.db);
  return log;
}
