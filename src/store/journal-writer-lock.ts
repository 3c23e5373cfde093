import { closeSync, existsSync, openSync, rmSync, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';

/**
 * The lock that says a prediction-journal segment's writer is alive. Node has no flock, so the lock
 * is SQLite's own: an empty SQLite file beside the segment, in which the writer holds an open
 * `BEGIN EXCLUSIVE`. SQLite takes it with fcntl(2), which the kernel releases when the process
 * ends in any way (kill -9 included) — even while the process lingers as a zombie, and whatever
 * process later gets its id. A process id was the check before, and a zombie or a reused id made a
 * restarted server leave a dead writer's acknowledged predictions in the journal.
 *
 * fcntl locks belong to the process and are dropped when any descriptor of the file is closed in
 * it; SQLite keeps that from happening between its own connections, and recovery never opens the
 * lock of a segment its own process writes (liveSegments), so nothing else in the writer's process
 * touches the file.
 */
export interface HeldLock {
  readonly file: string;
  /** Releases the lock; with `remove`, deletes its file first (while still holding it). */
  release(options?: { readonly remove?: boolean }): void;
}

/** The lock file of a segment. */
export function lockFileOf(segmentFile: string): string {
  return segmentFile.replace(/\.ndjson$/, '.lock');
}

/** Creates `file` and takes its lock; throws if the file exists (a segment's name is unique). */
export function holdNewLock(file: string): HeldLock {
  closeSync(openSync(file, 'wx'));
  try {
    return lock(file) ?? refuse(file);
  } catch (error) {
    rmSync(file, { force: true });
    throw error;
  }
}

function refuse(file: string): never {
  throw new Error(`the prediction journal lock ${file} was taken by another process as it was made`);
}

/**
 * Takes the lock of an existing file unless a process holds it (without waiting for it): 'held'
 * then, and 'missing' if there is no such file (its writer released it, or never made one).
 */
export function tryLock(file: string): HeldLock | 'held' | 'missing' {
  if (!existsSync(file)) return 'missing';
  try {
    return lock(file) ?? 'held';
  } catch (error) {
    // Deleted between the check and the opening.
    if ((error as { code?: string }).code === 'SQLITE_CANTOPEN' && !existsSync(file)) return 'missing';
    throw error;
  }
}

function lock(file: string): HeldLock | undefined {
  // timeout 0: a lock someone holds is an answer, not something to wait for.
  const db = new SQLite(file, { fileMustExist: true, timeout: 0 });
  try {
    // Rollback journal in memory: an exclusive transaction otherwise makes a `-journal` file beside the lock.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw error;
  }
  let held = true;
  return {
    file,
    release: (options = {}) => {
      if (!held) return;
      held = false;
      if (options.remove) rmSync(file, { force: true });
      db.close();
    },
  };
}

/** Age of a file in milliseconds, or undefined once it is gone. */
export function ageMs(file: string, now: number): number | undefined {
  try {
    return now - statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
