/**
 * The script of the SQLite prediction-log thread: its own better-sqlite3 connection to the
 * store's database file (WAL, so the main connection keeps reading and writing beside it), each
 * group read from its line in the journal and inserted by one prepared INSERT … SELECT
 * (sqlite-log-wire.ts), and group commit: every group that arrived while the previous transaction
 * was being written goes into the next one. Started by sqlite-log-thread.ts.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { LogHostMessage, LogThreadData, LogThreadMessage } from './sqlite-log-messages.ts';
import type { JournalEntry } from './prediction-journal.ts';
import { INSERT_LOG_ROWS } from './sqlite-log-wire.ts';
import { lowerThisThreadPriority } from './lower-thread-priority.ts';
import { LOG_THREAD_CHECKPOINT_PAGES, LOG_THREAD_NICE } from './sqlite-log-messages.ts';

const port: MessagePort = parentPort ?? notAThread();

function notAThread(): never {
  throw new Error('sqlite-log-thread-entry runs only as a worker thread');
}

const send = (message: LogThreadMessage) => port.postMessage(message);
const { file } = workerData as LogThreadData;

let db: SQLite.Database;
try {
  db = new SQLite(file);
  // The same settings as the store's connection (open-database.ts): NORMAL sync is durable across
  // a process crash in WAL mode, which is the log's promise; busy_timeout rides out the main
  // connection's short write transactions.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma(`wal_autocheckpoint = ${LOG_THREAD_CHECKPOINT_PAGES}`);
} catch (error) {
  send({ type: 'open-failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
  process.exit(0);
}

// Prepared once, whatever the group's size: Kysely's multi-row INSERT differs with every group
// size, so better-sqlite3 prepared it anew for each commit.
const insert = db.prepare(INSERT_LOG_ROWS);
const insertGroups = db.transaction((groups: readonly JournalEntry[]): number => {
  let count = 0;
  for (const group of groups) count += insert.run(readLine(group)).changes;
  return count;
});

/** The journal segment read last: groups arrive in order, so one open file serves a whole segment. */
let reading: { file: string; fd: number } | undefined;

/** A group's line, as UTF-8 bytes (the INSERT reads them as text). */
function readLine({ file, offset, length }: JournalEntry): Buffer {
  if (reading?.file !== file) {
    // The segment before is deleted once drained; closing it here frees its disk space.
    if (reading) closeSync(reading.fd);
    reading = undefined; // so a failed open below leaves no closed descriptor behind
    reading = { file, fd: openSync(file, 'r') };
  }
  const bytes = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const n = readSync(reading.fd, bytes, read, length - read, offset + read);
    if (n === 0) throw new Error(`the prediction journal ${file} ends before byte ${offset + length}`);
    read += n;
  }
  return bytes;
}

let pending: ({ seq: number } & JournalEntry)[] = [];
let scheduled = false;

port.on('message', (message: LogHostMessage) => {
  if (message.type === 'close') {
    commit();
    db.close();
    if (reading) closeSync(reading.fd);
    send({ type: 'closed' });
    port.close();
    return;
  }
  pending.push(...message.groups);
  if (!scheduled) {
    scheduled = true;
    // After the messages already waiting in the port are read, so they share this transaction.
    setImmediate(commit);
  }
});
// No response waits for this thread's commits: when every core is busy, the event loop and the
// model workers go first (docs/benchmarks.md, "The log's journal").
lowerThisThreadPriority(LOG_THREAD_NICE);
send({ type: 'ready' });

function commit(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const groups = pending;
  pending = [];
  const seqs = groups.map((g) => g.seq);
  const started = performance.now();
  try {
    const records = insertGroups(groups);
    send({ type: 'committed', seqs, records, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    send({ type: 'failed', seqs, message: error instanceof Error ? error.message : String(error) });
  }
}
