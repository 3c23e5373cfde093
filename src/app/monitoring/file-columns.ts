import { isMissingInFile, readDecimalText } from '../../core/contracts/read-cells.ts';
import type { Cell } from '../../core/table.ts';
import { readTableChunks, type DataFileFormat } from '../data-files.ts';

/** Distinct texts kept per column; beyond this a column is high-cardinality and the rest are pooled. */
export const MAX_DISTINCT_TEXTS = 100_000;
/** Number texts remembered as written ("02134"), so a column that turns out categorical keeps them. */
const MAX_NUMBER_TEXTS = 1000;

const INFINITY_TEXT = /^\s*[+-]?(inf|infinity)\s*$/i;

/**
 * One column of a file, row-aligned: `values` holds each row's number, NaN where the row had no
 * number (missing, text or an infinity), so several columns can be read as rows (the multivariate
 * check needs that). Texts that are not numbers are counted apart; the reference's mix decides
 * whether the column is numeric or categorical.
 */
export interface FileColumn {
  readonly name: string;
  readonly values: Float64Array;
  readonly missing: number;
  readonly infinite: number;
  /** Present values that are not numbers, by text. */
  readonly texts: ReadonlyMap<string, number>;
  /** Texts beyond MAX_DISTINCT_TEXTS distinct, pooled. */
  readonly pooledTexts: number;
  /** Numbers by their text as written, while there were few distinct ones; undefined past that. */
  readonly numberTexts: ReadonlyMap<string, number> | undefined;
  readonly numbers: number;
}

export interface FileColumns {
  readonly rows: number;
  readonly columns: readonly FileColumn[];
}

class ColumnReader {
  values = new Float64Array(1024);
  rows = 0;
  missing = 0;
  infinite = 0;
  numbers = 0;
  texts = new Map<string, number>();
  pooledTexts = 0;
  numberTexts: Map<string, number> | undefined = new Map();

  constructor(readonly name: string) {}

  add(cell: Cell): void {
    if (this.rows === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const index = this.rows++;
    this.values[index] = NaN;
    if (isMissingInFile(cell)) {
      this.missing++;
      return;
    }
    if (typeof cell === 'number') {
      if (Number.isFinite(cell)) this.addNumber(index, cell, String(cell));
      else this.infinite++;
      return;
    }
    if (typeof cell === 'boolean') return this.addText(String(cell));
    const number = readDecimalText(cell!);
    if (!Number.isNaN(number)) return this.addNumber(index, number, cell!);
    if (INFINITY_TEXT.test(cell!)) this.infinite++;
    else this.addText(cell!);
  }

  private addNumber(index: number, value: number, text: string): void {
    this.values[index] = value;
    this.numbers++;
    if (this.numberTexts !== undefined) {
      this.numberTexts.set(text, (this.numberTexts.get(text) ?? 0) + 1);
      if (this.numberTexts.size > MAX_NUMBER_TEXTS) this.numberTexts = undefined;
    }
  }

  private addText(text: string): void {
    const seen = this.texts.get(text);
    if (seen !== undefined) this.texts.set(text, seen + 1);
    else if (this.texts.size < MAX_DISTINCT_TEXTS) this.texts.set(text, 1);
    else this.pooledTexts++;
  }

  finish(): FileColumn {
    return {
      name: this.name,
      values: this.values.subarray(0, this.rows),
      missing: this.missing,
      infinite: this.infinite,
      texts: this.texts,
      pooledTexts: this.pooledTexts,
      numberTexts: this.numberTexts,
      numbers: this.numbers,
    };
  }
}

/** Reads the named columns (all when `columns` is absent) of a CSV or JSON Lines file into memory, column by column. */
export async function readFileColumns(file: string, options: { columns?: readonly string[]; format?: DataFileFormat } = {}): Promise<FileColumns> {
  let readers: ColumnReader[] | undefined;
  let positions: number[] = [];
  let rows = 0;
  for await (const chunk of readTableChunks(file, { chunkRows: 8192, format: options.format })) {
    if (readers === undefined) {
      const wanted = options.columns ?? chunk.columns;
      readers = wanted.filter((name) => chunk.columns.includes(name)).map((name) => new ColumnReader(name));
      positions = readers.map((r) => chunk.columns.indexOf(r.name));
    }
    for (const row of chunk.rows) {
      for (let c = 0; c < readers.length; c++) readers[c]!.add(row.cells[positions[c]!] ?? null);
    }
    rows += chunk.rows.length;
  }
  return { rows, columns: (readers ?? []).map((r) => r.finish()) };
}

/** The header of a file: its column names, without reading the rows. */
export async function readFileHeader(file: string, format?: DataFileFormat): Promise<readonly string[]> {
  for await (const chunk of readTableChunks(file, { chunkRows: 1, format })) return chunk.columns;
  return [];
}
