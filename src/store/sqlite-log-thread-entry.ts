/**
 * The script of the SQLite prediction-log thread: its own better-sqlite3 connection to the
 * store's database file (WAL, so the main connection keeps reading and writing beside it), one
 * prepared INSERT … SELECT run once per group (sqlite-log-wire.ts), and group commit: every group
 * that arrived while the previous transaction was being written goes into the next one. Started by
 * sqlite-log-thread.ts.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import type { LogHostMessage, LogThreadData, LogThreadMessage } from './sqlite-log-messages.ts';
import { INSERT_LOG_ROWS } from './sqlite-log-wire.ts';

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
} catch (error) {
  send({ type: 'open-failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
  process.exit(0);
}

// Prepared once, whatever the group's size: Kysely's multi-row INSERT differs with every group
// size, so better-sqlite3 prepared it anew for each commit.
const insert = db.prepare(INSERT_LOG_ROWS);
const insertGroups = db.transaction((groups: readonly string[]): number => {
  let count = 0;
  for (const text of groups) count += insert.run(text).changes;
  return count;
});

let pending: { seq: number; records: string }[] = [];
let scheduled = false;

port.on('message', (message: LogHostMessage) => {
  if (message.type === 'close') {
    commit();
    db.close();
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
send({ type: 'ready' });

function commit(): void {
  scheduled = false;
  if (pending.length === 0) return;
  const groups = pending;
  pending = [];
  const seqs = groups.map((g) => g.seq);
  const started = performance.now();
  try {
    const records = insertGroups(groups.map((g) => g.records));
    send({ type: 'committed', seqs, records, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    send({ type: 'failed', seqs, message: error instanceof Error ? error.message : String(error) });
  }
}
