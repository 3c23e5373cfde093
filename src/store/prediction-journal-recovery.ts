import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { ageMs, lockFileOf, tryLock, type HeldLock } from './journal-writer-lock.ts';
import { journalDirectory, liveSegments, parseSegmentName } from './prediction-journal.ts';
import { INSERT_LOG_ROWS } from './sqlite-log-wire.ts';

export interface JournalRecovery {
  /** Segments of writers that stopped before their groups reached the table, now replayed and deleted. */
  readonly replayed: readonly { readonly file: string; readonly groups: number; readonly inserted: number }[];
  /** Segments left alone: a live writer's (its lock is held), or another host's. */
  readonly leftAlone: readonly string[];
}

/**
 * A lock file without its segment is what a writer leaves for the instant between making its lock
 * and its segment, or a crash in the instant between deleting them; only the second kind is
 * deleted, told apart by age.
 */
const STRAY_LOCK_AGE_MS = 60_000;

/**
 * Moves the groups of every journal segment whose writer stopped into the predictions table, then
 * deletes the segment. The writer is alive while it holds the segment's lock (journal-writer-lock.ts),
 * whatever its process id has become since; recovery holds that lock itself while it replays, so
 * two recoveries (a server's periodic one and a command opening the store) never replay one segment
 * together. A segment without a lock file is an orphan too (its writer released the lock on close,
 * or an earlier version of Ballast wrote it). A group already in the table (the writer committed it
 * and died before deleting the segment) is skipped row by row. The last line of a segment without
 * its newline is a write the crash cut short: its group was never acknowledged, so it is dropped.
 * Any other line that is not a group fails the recovery, naming the file and line, and the segment
 * is kept.
 */
export function recoverPredictionJournals(databaseFile: string, now: number = Date.now()): JournalRecovery {
  const directory = journalDirectory(databaseFile);
  if (!existsSync(directory)) return { replayed: [], leftAlone: [] };
  const replayed: { file: string; groups: number; inserted: number }[] = [];
  const leftAlone: string[] = [];
  const names = readdirSync(directory).sort();
  // Opened at the first segment to replay, and its INSERT prepared once for all of them.
  let store: { db: SQLite.Database; insert: SQLite.Statement } | undefined;
  try {
    for (const name of names) {
      const file = path.join(directory, name);
      if (name.endsWith('.lock')) {
        removeStrayLock(file, names, now);
        continue;
      }
      const owner = parseSegmentName(name);
      if (owner === undefined) continue;
      // This process's own segments: never opening their locks here keeps its fcntl locks intact.
      // Another host's: its lock says nothing reliable across machines.
      if (liveSegments.has(file) || owner.host !== hostname()) {
        leftAlone.push(file);
        continue;
      }
      const lock = tryLock(lockFileOf(file));
      if (lock === 'held') {
        leftAlone.push(file);
        continue;
      }
      try {
        const lines = readLines(file);
        if (lines === undefined) continue; // replayed meanwhile by another recovery
        store ??= openForReplay(databaseFile);
        const { db, insert } = store;
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
        if (lock !== 'missing') lock.release({ remove: true });
      } finally {
        if (lock !== 'missing') lock.release();
      }
    }
  } finally {
    store?.db.close();
  }
  return { replayed, leftAlone };
}

function openForReplay(databaseFile: string): { db: SQLite.Database; insert: SQLite.Statement } {
  const db = new SQLite(databaseFile);
  db.pragma('busy_timeout = 5000');
  return { db, insert: db.prepare(INSERT_LOG_ROWS) };
}

/** A segment's complete lines, or undefined once it is gone. */
function readLines(file: string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const lines = text.split('\n');
  lines.pop(); // '' after the last newline, or a write cut short
  return lines;
}

function removeStrayLock(file: string, names: readonly string[], now: number): void {
  const segment = `${path.basename(file, '.lock')}.ndjson`;
  if (names.includes(segment) || existsSync(path.join(path.dirname(file), segment))) return;
  const age = ageMs(file, now);
  if (age === undefined || age < STRAY_LOCK_AGE_MS) return;
  const lock: HeldLock | 'held' | 'missing' = tryLock(file);
  if (typeof lock !== 'string') lock.release({ remove: true });
}
