import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { journalDirectory, liveSegments, parseSegmentName, type SegmentOwner } from './prediction-journal.ts';
import { INSERT_LOG_ROWS } from './sqlite-log-wire.ts';

export interface JournalRecovery {
  /** Segments of servers that stopped before their groups reached the table, now replayed and deleted. */
  readonly replayed: readonly { readonly file: string; readonly groups: number; readonly inserted: number }[];
  /** Segments left alone: a live server's, or another host's (whose process cannot be checked from here). */
  readonly leftAlone: readonly string[];
}

/** Whether the process that wrote a segment may still be writing it. */
export function mayStillBeWriting(owner: SegmentOwner, file: string): boolean {
  if (liveSegments.has(file)) return true;
  if (owner.host !== hostname()) return true;
  // Not one of this process's open segments, so an earlier process with the same id wrote it (a
  // container's server is often process 1 on every start).
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the groups of every journal segment whose server stopped into the predictions table, then
 * deletes the segment. A group already in the table (the server committed it and died before
 * deleting the segment) is skipped row by row. The last line of a segment without its newline is
 * a write the crash cut short: its group was never acknowledged, so it is dropped. Any other line
 * that is not a group fails the recovery, naming the file and line, and the segment is kept.
 */
export function recoverPredictionJournals(databaseFile: string): JournalRecovery {
  const directory = journalDirectory(databaseFile);
  if (!existsSync(directory)) return { replayed: [], leftAlone: [] };
  const replayed: { file: string; groups: number; inserted: number }[] = [];
  const leftAlone: string[] = [];
  const names = readdirSync(directory).sort();
  // Opened at the first segment to replay, and its INSERT prepared once for all of them.
  let store: { db: SQLite.Database; insert: SQLite.Statement } | undefined;
  try {
    for (const name of names) {
      const owner = parseSegmentName(name);
      const file = path.join(directory, name);
      if (owner === undefined) continue;
      if (mayStillBeWriting(owner, file)) {
        leftAlone.push(file);
        continue;
      }
      if (store === undefined) {
        const db = new SQLite(databaseFile);
        db.pragma('busy_timeout = 5000');
        store = { db, insert: db.prepare(INSERT_LOG_ROWS) };
      }
      const { db, insert } = store;
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.pop(); // '' after the last newline, or a write cut short
      const inserted = db.transaction(() => {
        let count = 0;
        lines.forEach((line, index) => {
          try {
            count += insert.run(line).changes;
          } catch (error) {
            throw new Error(`prediction journal ${file}, line ${index + 1}: ${(error as Error).message}`);
          }
        });
        return count;
      })();
      rmSync(file, { force: true });
      replayed.push({ file, groups: lines.length, inserted });
    }
  } finally {
    store?.db.close();
  }
  return { replayed, leftAlone };
}
