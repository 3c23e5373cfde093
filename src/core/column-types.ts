import type { ColumnType, SnapshotColumn } from './registry-records.ts';
import { isMissing, parseNumber, type Cell } from './table.ts';

/**
 * Infers the type of each column from its values, widening as values arrive so a file can be read
 * in chunks: empty -> boolean | integer -> number, and anything unparseable makes it string.
 */
export class ColumnTypeAccumulator {
  private readonly types: ColumnType[];
  private readonly missing: number[];

  constructor(private readonly names: readonly string[]) {
    this.types = names.map(() => 'empty');
    this.missing = names.map(() => 0);
  }

  add(cells: readonly Cell[]): void {
    for (let i = 0; i < this.names.length; i++) {
      const cell = cells[i] ?? null;
      if (isMissing(cell)) {
        this.missing[i]!++;
        continue;
      }
      this.types[i] = widen(this.types[i]!, typeOf(cell));
    }
  }

  result(): SnapshotColumn[] {
    return this.names.map((name, i) => ({ name, type: this.types[i]!, missing: this.missing[i]! }));
  }
}

function typeOf(cell: Cell): ColumnType {
  if (typeof cell === 'boolean') return 'boolean';
  if (typeof cell === 'string') {
    const lower = cell.trim().toLowerCase();
    if (lower === 'true' || lower === 'false') return 'boolean';
  }
  const value = parseNumber(cell);
  if (value === undefined) return 'string';
  return Number.isInteger(value) ? 'integer' : 'number';
}

function widen(current: ColumnType, next: ColumnType): ColumnType {
  if (current === 'empty' || current === next) return next;
  if (current === 'string' || next === 'string') return 'string';
  if ((current === 'integer' && next === 'number') || (current === 'number' && next === 'integer')) return 'number';
  return 'string'; // booleans mixed with numbers are not a type we can compute with
}
