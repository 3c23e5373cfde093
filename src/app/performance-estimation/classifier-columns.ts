import type { ColumnSink } from '../../core/csv-columns-sink.ts';
import type { BallastError } from '../../core/errors.ts';
import { parseNumber, type Cell } from '../../core/table.ts';

/** A column of class names, row-aligned, as small integers: `codes[i]` indexes `names`, -1 for a missing cell. */
export interface ClassCodes {
  readonly codes: Int32Array;
  /** In order of first appearance. */
  readonly names: readonly string[];
}

/** A cell as a class name: numbers by their value (so "1", "1.0" and 1 are one class), text trimmed. */
export function className(cell: Cell): string {
  const number = parseNumber(cell);
  if (number !== undefined && typeof cell !== 'boolean') return String(number);
  return String(cell).trim();
}

/** Room for twice as many rows, or for `rows` when given and larger. */
function grown<T extends Int32Array | Float64Array>(values: T, used: number, rows = values.length * 2): T {
  if (rows <= values.length) return values;
  const next = new (values.constructor as new (length: number) => T)(rows);
  next.set(values.subarray(0, used));
  return next;
}

/**
 * A label or prediction column read into class codes, fed by the columnar CSV reader (as a ColumnSink)
 * or one class name at a time. Names are interned, so a million rows of two classes make two strings;
 * numbers skip the string altogether once their value has been seen.
 */
export class ClassColumn implements ColumnSink {
  readonly wantsNumberText = false;
  private codes = new Int32Array(1024);
  private rows = 0;
  private readonly names: string[] = [];
  private readonly byName = new Map<string, number>();
  private readonly byNumber = new Map<number, number>();

  /** `refuseMissing` makes the error for a row without a class; without it such a row gets code -1. */
  constructor(private readonly refuseMissing?: (row: number) => BallastError) {}

  addName(name: string): void {
    let code = this.byName.get(name);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(name);
      this.byName.set(name, code);
    }
    this.push(code);
  }

  addNumber(value: number): void {
    const code = this.byNumber.get(value);
    if (code !== undefined) return this.push(code);
    // className of a number's text is String of its value; -0 and 0 are one key and one name ("0").
    this.addName(String(value));
    this.byNumber.set(value, this.codes[this.rows - 1]!);
  }

  addMissing(): void {
    if (this.refuseMissing) throw this.refuseMissing(this.rows + 1);
    this.push(-1);
  }

  addInfinite(text: string): void {
    this.addName(className(text));
  }

  addText(text: string): void {
    this.addName(className(text));
  }

  reserve(rows: number): void {
    this.codes = grown(this.codes, this.rows, rows);
  }

  finish(): ClassCodes {
    return { codes: this.codes.slice(0, this.rows), names: this.names };
  }

  private push(code: number): void {
    if (this.rows === this.codes.length) this.codes = grown(this.codes, this.rows);
    this.codes[this.rows++] = code;
  }
}

/**
 * A score column fed by the columnar CSV reader: every cell must be a probability in [0, 1].
 * `refuse(row, cell)` makes the error; `cell` is the text as written, null when missing. A number the
 * reader computed from its bytes comes without its text: it is then written as String gives it.
 */
export class ScoreColumn implements ColumnSink {
  readonly wantsNumberText = false;
  private values = new Float64Array(1024);
  private rows = 0;

  constructor(private readonly refuse: (row: number, cell: string | null) => BallastError) {}

  addNumber(value: number, text: string | undefined): void {
    if (!(value >= 0 && value <= 1)) throw this.refuse(this.rows + 1, text ?? String(value));
    this.push(value);
  }

  push(value: number): void {
    if (this.rows === this.values.length) this.values = grown(this.values, this.rows);
    this.values[this.rows++] = value;
  }

  addMissing(): void {
    throw this.refuse(this.rows + 1, null);
  }

  addInfinite(text: string): void {
    throw this.refuse(this.rows + 1, text);
  }

  addText(text: string): void {
    throw this.refuse(this.rows + 1, text);
  }

  reserve(rows: number): void {
    this.values = grown(this.values, this.rows, rows);
  }

  finish(): Float64Array {
    return this.values.slice(0, this.rows);
  }
}
