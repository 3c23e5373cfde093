import type { Cell } from '../table.ts';
import { isMissingInFile, readDecimalText } from './read-cells.ts';
import { NumericSummary } from './numeric-summary.ts';
import { ShapeSummary } from './string-shape.ts';
import { hashText } from './value-hashes.ts';
import { parseTimestamp } from './timestamps.ts';

/** The kind each present value reads as; a column's type is decided from the mix at the end. */
export type ValueKind = 'boolean' | 'integer' | 'number' | 'timestamp' | 'string';

/** More distinct values than this and the column is neither a category nor a label with classes. */
export const DISTINCT_CAP = 1000;
/** Uniqueness is tracked exactly (hashes of every value) up to this many values, then given up. */
const UNIQUE_TRACK_CAP = 5_000_000;

const DATE_ONLY = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

export interface DistinctValue {
  /** The value as first seen (text from CSV, a JSON scalar from JSON Lines). */
  readonly value: string | number | boolean;
  readonly count: number;
}

/**
 * Everything contract inference needs to know about one column, accumulated value by value so a
 * file of any size streams through in bounded memory, and mergeable so chunks, files or workers
 * can be summarised apart and combined: merging gives the same result as one pass over all values.
 */
export class ColumnStatistics {
  /** Rows seen, missing included. */
  rows = 0;
  missing = 0;
  readonly kinds: Record<ValueKind, number> = { boolean: 0, integer: 0, number: 0, timestamp: 0, string: 0 };
  /** Integers and numbers. */
  readonly numbers = new NumericSummary();
  /** Timestamps as epoch milliseconds. */
  readonly times = new NumericSummary();
  /** Every timestamp was a bare date (no time of day). */
  dateOnly = true;
  readonly shapes = new ShapeSummary();
  /** Distinct values by normalised key, until DISTINCT_CAP is passed (then undefined). */
  private distinctValues: Map<string, { value: string | number | boolean; count: number }> | undefined = new Map();
  /** Hashes of every value while the column may still be unique; undefined once it cannot be. */
  private seenHashes: Set<number> | undefined = new Set();
  private duplicateFound = false;
  /** A fraction, flag or time was seen: the column is a measurement, and uniqueness is not asked. */
  private measured = false;

  constructor(readonly name: string) {}

  add(cell: Cell): void {
    this.rows++;
    if (isMissingInFile(cell) || (typeof cell === 'number' && !Number.isFinite(cell))) {
      this.missing++;
      return;
    }
    const [kind, key] = this.classify(cell!);
    this.kinds[kind]++;
    this.countDistinct(key, cell!);
    this.trackUniqueness(kind, key);
  }

  /** Rows in which the column was absent (a JSON Lines object without the key). */
  addMissing(rows: number): void {
    this.rows += rows;
    this.missing += rows;
  }

  merge(other: ColumnStatistics): this {
    this.rows += other.rows;
    this.missing += other.missing;
    for (const kind of Object.keys(this.kinds) as ValueKind[]) this.kinds[kind] += other.kinds[kind];
    this.numbers.merge(other.numbers);
    this.times.merge(other.times);
    this.dateOnly &&= other.dateOnly;
    this.shapes.merge(other.shapes);
    if (this.distinctValues !== undefined && other.distinctValues !== undefined) {
      for (const [key, entry] of other.distinctValues) this.countDistinct(key, entry.value, entry.count);
    } else this.distinctValues = undefined;
    if (this.seenHashes !== undefined && other.seenHashes !== undefined) {
      for (const hash of other.seenHashes) {
        if (this.seenHashes === undefined) break;
        this.rememberHash(hash);
      }
    } else this.seenHashes = undefined;
    this.duplicateFound ||= other.duplicateFound;
    this.measured ||= other.measured;
    return this;
  }

  get present(): number {
    return this.rows - this.missing;
  }

  /** Distinct values with their counts, or undefined when there were more than DISTINCT_CAP. */
  distinct(): DistinctValue[] | undefined {
    return this.distinctValues && [...this.distinctValues.values()].map(({ value, count }) => ({ value, count }));
  }

  /** true: no value repeated; false: one did; undefined: the column was not tracked (not an id kind, or too large). */
  allDistinct(): boolean | undefined {
    if (this.measured) return undefined;
    if (this.duplicateFound) return false;
    return this.seenHashes === undefined ? undefined : true;
  }

  /** The column's type: one kind throughout, integers within numbers, and anything else mixed is text. */
  kind(): ValueKind | undefined {
    const { boolean, integer, number, timestamp, string } = this.kinds;
    if (string > 0) return 'string';
    const present = [boolean > 0, integer + number > 0, timestamp > 0].filter(Boolean).length;
    if (present === 0) return undefined;
    if (present > 1) return 'string';
    if (boolean > 0) return 'boolean';
    if (timestamp > 0) return 'timestamp';
    return number > 0 ? 'number' : 'integer';
  }

  private classify(cell: string | number | boolean): [ValueKind, string] {
    if (typeof cell === 'boolean') return ['boolean', String(cell)];
    if (typeof cell === 'number') return this.number(cell);
    const trimmed = cell.trim();
    if (trimmed.length === 4 || trimmed.length === 5) {
      const lower = trimmed.toLowerCase();
      if (lower === 'true' || lower === 'false') return ['boolean', lower];
    }
    const value = readDecimalText(trimmed);
    if (value === value) return this.number(value);
    const time = parseTimestamp(trimmed);
    if (time !== undefined) {
      this.times.add(time);
      if (this.dateOnly && !DATE_ONLY.test(trimmed)) this.dateOnly = false;
      return ['timestamp', String(time)];
    }
    this.shapes.add(cell);
    return ['string', cell];
  }

  private number(value: number): [ValueKind, string] {
    this.numbers.add(value);
    return [Number.isInteger(value) ? 'integer' : 'number', String(value)];
  }

  private countDistinct(key: string, value: string | number | boolean, count = 1): void {
    if (this.distinctValues === undefined) return;
    const entry = this.distinctValues.get(key);
    if (entry !== undefined) entry.count += count;
    else if (this.distinctValues.size >= DISTINCT_CAP) this.distinctValues = undefined;
    else this.distinctValues.set(key, { value, count });
  }

  private trackUniqueness(kind: ValueKind, key: string): void {
    // Identifiers are whole numbers or text; fractions, booleans and times are measurements.
    if (kind !== 'integer' && kind !== 'string') {
      this.measured = true;
      this.seenHashes = undefined;
    }
    if (this.seenHashes !== undefined) this.rememberHash(hashText(key));
  }

  private rememberHash(hash: number): void {
    const seen = this.seenHashes!;
    if (seen.has(hash)) {
      this.duplicateFound = true;
      this.seenHashes = undefined;
    } else if (seen.size >= UNIQUE_TRACK_CAP) this.seenHashes = undefined;
    else seen.add(hash);
  }
}
