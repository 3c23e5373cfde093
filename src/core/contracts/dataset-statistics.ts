import { ColumnStatistics } from './column-statistics.ts';
import type { TableChunk } from '../table.ts';

/**
 * Column statistics for a whole data file, fed chunk by chunk as it streams in; JSON Lines chunks
 * may name different columns, and a column absent from a chunk counts as missing in its rows.
 * Rows are not remembered: inference writes no duplicate-row rule (the share of repeated rows grows
 * with the sample, see docs/contracts.md), so hashing every row would cost memory for nothing.
 */
export class DatasetStatistics {
  rows = 0;
  private readonly byName = new Map<string, ColumnStatistics>();

  addChunk(chunk: TableChunk): void {
    const stats = chunk.columns.map((name) => this.column(name));
    const present = new Set(stats);
    for (const column of this.byName.values()) if (!present.has(column)) column.addMissing(chunk.rows.length);
    for (const { cells } of chunk.rows) {
      for (let i = 0; i < stats.length; i++) stats[i]!.add(cells[i] ?? null);
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
    return this;
  }

  get columns(): ColumnStatistics[] {
    return [...this.byName.values()];
  }

  private column(name: string): ColumnStatistics {
    let column = this.byName.get(name);
    if (column === undefined) {
      column = padded(this.rows, name);
      this.byName.set(name, column);
    }
    return column;
  }
}

function padded(rows: number, name: string): ColumnStatistics {
  const column = new ColumnStatistics(name);
  if (rows > 0) column.addMissing(rows);
  return column;
}
