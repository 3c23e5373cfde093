import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { holdNewLock, lockFileOf, type HeldLock } from './journal-writer-lock.ts';

/**
 * The prediction log's journal: an append-only file beside a SQLite store, one line per group of
 * records (sqlite-log-wire.ts' text). A group is acknowledged once its line is written: write(2)
 * has put it in the operating system's page cache, where it survives a crash of the process
 * (kill -9) just as a SQLite commit in WAL mode with synchronous = NORMAL does (neither syncs to
 * disk). The log thread then moves the groups into the predictions table, many per transaction,
 * off the path of the response; a segment is deleted once all of its groups are in the table, and
 * opening the store, and a running server every so often, replays the segments of a writer whose
 * lock is gone: one that died (prediction-journal-recovery.ts, journal-writer-lock.ts).
 *
 * Why: committing to SQLite before answering made every request wait for the log thread's
 * transaction, and on two cores the server's event loop sat idle meanwhile (docs/benchmarks.md,
 * "The log's journal").
 */

/** A segment is closed for new groups once it holds this many bytes; it is deleted once drained. */
const SEGMENT_BYTES = 64 * 1024 * 1024;

const SUFFIX = '.ndjson';

/** The directory of a store file's journal segments. */
export function journalDirectory(databaseFile: string): string {
  return `${databaseFile}-prediction-journal`;
}

/**
 * Who wrote a segment: its name carries the host and process, for the people reading the
 * directory and to leave another host's segments alone. Whether the writer is alive is its lock's
 * answer (journal-writer-lock.ts), not the process id's.
 */
export interface SegmentOwner {
  readonly host: string;
  readonly pid: number;
}

export function segmentName(owner: SegmentOwner): string {
  return `${encodeURIComponent(owner.host)}-${owner.pid}-${ulid()}${SUFFIX}`;
}

export function parseSegmentName(name: string): SegmentOwner | undefined {
  const match = /^(.+)-(\d+)-[0-9A-HJKMNP-TV-Z]{26}\.ndjson$/.exec(name);
  if (match === null) return undefined;
  try {
    return { host: decodeURIComponent(match[1]!), pid: Number(match[2]) };
  } catch {
    return undefined;
  }
}

/** Segments this process has open: recovery in the same process (a second store on the file) must leave them alone. */
export const liveSegments = new Set<string>();

/** Where a group's line is: the log thread reads it from there, so the event loop keeps no copy. */
export interface JournalEntry {
  readonly file: string;
  /** Byte offset and length of the line, its newline left out. */
  readonly offset: number;
  readonly length: number;
}

interface Segment {
  readonly file: string;
  /** Held while this process may still write the segment or has groups in it not yet in the table. */
  readonly lock: HeldLock;
  fd: number | undefined;
  bytes: number;
  /** Groups written here and not yet reported drained. */
  undrained: number;
}

export class PredictionJournal {
  private current: Segment;
  private readonly segments = new Set<Segment>();

  private constructor(
    private readonly directory: string,
    private readonly segmentBytes: number,
  ) {
    this.current = this.openSegment();
  }

  /** Opens a new segment in the journal directory of `databaseFile`. */
  static open(databaseFile: string, options: { readonly segmentBytes?: number } = {}): PredictionJournal {
    const directory = journalDirectory(databaseFile);
    mkdirSync(directory, { recursive: true });
    return new PredictionJournal(directory, options.segmentBytes ?? SEGMENT_BYTES);
  }

  /**
   * Appends one group's line and returns once all of it is written, with where it is; throws if
   * it cannot be (the group is then not acknowledged). The entry goes to drained() once the group
   * is in the table.
   */
  write(text: string): JournalEntry {
    if (this.current.bytes >= this.segmentBytes) this.rotate();
    const segment = this.current;
    const line = `${text}\n`;
    const length = Buffer.byteLength(line, 'utf8');
    // Written from the string (no Buffer to allocate); a short write, which a regular file rarely
    // gives, is finished from the bytes not yet written.
    let written = 0;
    try {
      written = writeSync(segment.fd!, line, null, 'utf8');
      if (written < length) {
        const bytes = Buffer.from(line, 'utf8');
        while (written < length) written += writeSync(segment.fd!, bytes, written, length - written);
      }
    } catch (error) {
      // A line cut short (a full disk) must stay the last line of its segment, where recovery
      // takes it for the unacknowledged write it is; the next group goes to a new segment.
      if (written > 0) this.abandonCurrent();
      throw error;
    }
    const entry: JournalEntry & { readonly segment: Segment } = { file: segment.file, offset: segment.bytes, length: length - 1, segment };
    segment.bytes += length;
    segment.undrained++;
    return entry;
  }

  /** A group written at `entry` is in the table: a full segment with nothing left is deleted. */
  drained(entry: JournalEntry): void {
    const { segment } = entry as JournalEntry & { readonly segment: Segment };
    segment.undrained--;
    if (segment !== this.current && segment.undrained === 0) this.remove(segment);
  }

  /** The files of the segments still holding groups not yet in the table (the current one included). */
  get files(): string[] {
    return [...this.segments].map((s) => s.file);
  }

  /**
   * Closes the journal. Segments whose groups are all in the table are deleted; any other stays
   * for the next opening of the store to replay.
   */
  close(): void {
    for (const segment of [...this.segments]) {
      if (segment.undrained === 0) this.remove(segment);
      else {
        this.closeFile(segment);
        // Without its lock, the segment is an orphan the next recovery replays.
        segment.lock.release({ remove: true });
        liveSegments.delete(segment.file);
      }
    }
  }

  private openSegment(): Segment {
    const file = path.join(this.directory, segmentName({ host: hostname(), pid: process.pid }));
    // The lock first: a segment that exists without a held lock is an orphan to recovery.
    const lock = holdNewLock(lockFileOf(file));
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      lock.release({ remove: true });
      throw error;
    }
    liveSegments.add(file);
    const segment: Segment = { file, lock, fd, bytes: 0, undrained: 0 };
    this.segments.add(segment);
    return segment;
  }

  /** Starts a new segment after a write failed part-way; if even that fails, the next write tries again. */
  private abandonCurrent(): void {
    try {
      this.rotate();
    } catch {
      this.current.bytes = Number.POSITIVE_INFINITY;
    }
  }

  private rotate(): void {
    const full = this.current;
    this.current = this.openSegment();
    if (full.undrained === 0) this.remove(full);
    else this.closeFile(full);
  }

  private closeFile(segment: Segment): void {
    if (segment.fd !== undefined) closeSync(segment.fd);
    segment.fd = undefined;
  }

  private remove(segment: Segment): void {
    this.closeFile(segment);
    this.segments.delete(segment);
    liveSegments.delete(segment.file);
    rmSync(segment.file, { force: true });
    segment.lock.release({ remove: true });
  }
}
