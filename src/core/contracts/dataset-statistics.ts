import { isMissing, type Cell, type TableChunk } from '../table.ts';
import { ColumnStatistics } from './column-statistics.ts';
import { hashText } from './value-hashes.ts';

/** Duplicate rows are counted exactly (a hash per distinct row) up to this many rows, then not at all. */
const ROW_TRACK_CAP = 10_000_000;

/**
 * Column statistics for a whole data file plus what only whole rows show: how many rows repeat an
 * earlier row exactly. Fed chunk by chunk as a file streams in; JSON Lines chunks may name
 * different columns, and a column absent from a chunk counts as missing in its rows.
 */
export class DatasetStatistics {
  rows = 0;
  private duplicates = 0;
  private rowHashes: Set<number> | undefined = new Set();
  private readonly byName = new Map<string, ColumnStatistics>();

  addChunk(chunk: TableChunk): void {
    const stats = chunk.columns.map((name) => this.column(name));
    const present = new Set(stats);
    for (const column of this.byName.values()) if (!present.has(column)) column.addMissing(chunk.rows.length);
    const order = this.rowHashes === undefined ? undefined : this.keyOrder(chunk.columns);
    for (const { cells } of chunk.rows) {
      for (let i = 0; i < stats.length; i++) stats[i]!.add(cells[i] ?? null);
      if (order !== undefined) this.rememberRow(rowKey(cells, order));
    }
    this.rows += chunk.rows.length;
  }

  merge(other: DatasetStatistics): this {
    for (const [name, column] of other.byName) {
      const mine = this.byName.get(name);
      if (mine !== undefined) mine.merge(column);
      else this.byName.set(name, new ColumnStatistics(name).merge(padded(this.rows, name)).merge(column));
    }
    for (const [name, column] of this.byName) if (!other.byName.has(name)) column.addMissing(other.rows);
    this.rows += other.rows;
    this.duplicates += other.duplicates;
    if (this.rowHashes !== undefined && other.rowHashes !== undefined) {
      for (const hash of other.rowHashes) this.rememberHash(hash);
    } else this.rowHashes = undefined;
    return this;
  }

  get columns(): ColumnStatistics[] {
    return [...this.byName.values()];
  }

  /** Rows that repeat an earlier row exactly, or undefined past ROW_TRACK_CAP rows. */
  get duplicateRows(): number | undefined {
    return this.rowHashes === undefined ? undefined : this.duplicates;
  }

  private column(name: string): ColumnStatistics {
    let column = this.byName.get(name);
    if (column === undefined) {
      column = padded(this.rows, name);
      this.byName.set(name, column);
    }
    return column;
  }

  /** Where each known column sits in this chunk, in the dataset's column order, so rows compare by name. */
  private keyOrder(columns: readonly string[]): number[] {
    const index = new Map(columns.map((name, i) => [name, i]));
    return [...this.byName.keys()].map((name) => index.get(name) ?? -1);
  }

  private rememberRow(key: string): void {
    this.rememberHash(hashText(key));
  }

  private rememberHash(hash: number): void {
    const seen = this.rowHashes;
    if (seen === undefined) return;
    if (seen.has(hash)) this.duplicates++;
    else if (seen.size >= ROW_TRACK_CAP) this.rowHashes = undefined;
    else seen.add(hash);
  }
}

function padded(rows: number, name: string): ColumnStatistics {
  const column = new ColumnStatistics(name);
  if (rows > 0) column.addMissing(rows);
  return column;
}

/** Missing values compare equal whatever their spelling; a tag keeps 1 and "1" apart only where JSON did. */
function rowKey(cells: readonly Cell[], order: readonly number[]): string {
  let key = '';
  for (const i of order) {
    const cell = i < 0 ? null : (cells[i] ?? null);
    key += isMissing(cell) ? MISSING_PART : `${typeof cell === 'string' ? 's' : 'v'}${String(cell)}\u001f`;
  }
  // A column that first appears in a later chunk must not make earlier rows differ from later ones.
  while (key.endsWith(MISSING_PART)) key = key.slice(0, -MISSING_PART.length);
  return key;
}

const MISSING_PART = '\u0000\u001f';
