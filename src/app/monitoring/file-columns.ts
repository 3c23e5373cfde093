import { addTextCell, type ColumnSink } from '../../core/csv-columns-sink.ts';
import type { Cell } from '../../core/table.ts';
import { dataFileFormat, readTableChunks, type DataFileFormat } from '../data-files.ts';
import { scanCsvFile } from '../scan-csv-file.ts';

/** Distinct texts kept per column; beyond this a column is high-cardinality and the rest are pooled. */
export const MAX_DISTINCT_TEXTS = 100_000;
/** Number texts remembered as written ("02134"), so a column that turns out categorical keeps them. */
const MAX_NUMBER_TEXTS = 1000;

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

/** One column's accounting, fed classified cells by either reader (CSV bytes or JSON Lines rows). */
class ColumnReader implements ColumnSink {
  values = new Float64Array(1024);
  rows = 0;
  missing = 0;
  infinite = 0;
  numbers = 0;
  texts = new Map<string, number>();
  pooledTexts = 0;
  numberTexts: Map<string, number> | undefined = new Map();
  private finished = false;

  constructor(readonly name: string) {}

  get wantsNumberText(): boolean {
    return this.numberTexts !== undefined;
  }

  add(cell: Cell): void {
    if (typeof cell === 'string') addTextCell(this, cell);
    else if (cell === null || cell === undefined) this.addMissing();
    else if (typeof cell === 'boolean') this.addText(String(cell));
    else if (Number.isFinite(cell)) this.addNumber(cell, String(cell));
    else this.addInfinite();
  }

  addNumber(value: number, text: string | undefined): void {
    if (this.rows === this.values.length) this.grow();
    this.values[this.rows++] = value;
    this.numbers++;
    if (this.numberTexts !== undefined) {
      this.numberTexts.set(text!, (this.numberTexts.get(text!) ?? 0) + 1);
      if (this.numberTexts.size > MAX_NUMBER_TEXTS) this.numberTexts = undefined;
    }
  }

  addMissing(): void {
    this.addRow();
    this.missing++;
  }

  addInfinite(): void {
    this.addRow();
    this.infinite++;
  }

  addText(text: string): void {
    this.addRow();
    const seen = this.texts.get(text);
    if (seen !== undefined) this.texts.set(text, seen + 1);
    else if (this.texts.size < MAX_DISTINCT_TEXTS) this.texts.set(text, 1);
    else this.pooledTexts++;
  }

  /** A row without a number. */
  private addRow(): void {
    if (this.rows === this.values.length) this.grow();
    this.values[this.rows++] = NaN;
  }

  private grow(): void {
    this.reserve(this.values.length * 2);
  }

  /** Room for `rows` rows in all, so a column read from a large file grows once instead of doubling its way there. */
  reserve(rows: number): void {
    if (rows <= this.values.length) return;
    const grown = new Float64Array(rows);
    grown.set(this.values.subarray(0, this.rows));
    this.values = grown;
  }

  /** The column; asked again (a name listed twice), a copy, so every entry owns its buffer. */
  finish(): FileColumn {
    const again = this.finished;
    this.finished = true;
    return {
      name: this.name,
      values: again ? this.values.slice(0, this.rows) : this.values.subarray(0, this.rows),
      missing: this.missing,
      infinite: this.infinite,
      texts: again ? new Map(this.texts) : this.texts,
      pooledTexts: this.pooledTexts,
      numberTexts: again && this.numberTexts !== undefined ? new Map(this.numberTexts) : this.numberTexts,
      numbers: this.numbers,
    };
  }
}

/** Reads the named columns (all when `columns` is absent) of a CSV or JSON Lines file into memory, column by column. */
export async function readFileColumns(
  file: string,
  options: { columns?: readonly string[]; format?: DataFileFormat } = {},
): Promise<FileColumns> {
  const format = options.format ?? dataFileFormat(file);
  return format === 'csv' ? readCsvColumns(file, options.columns) : readFileColumnsByRows(file, { columns: options.columns, format });
}

/** CSV bytes straight into columns: plain decimals never become strings (see csv-columns.ts). */
async function readCsvColumns(file: string, columns: readonly string[] | undefined): Promise<FileColumns> {
  let wanted: readonly string[] = [];
  const readers = new Map<string, ColumnReader>();
  const rows = await scanCsvFile(
    file,
    (header) => {
      wanted = (columns ?? header).filter((name) => header.includes(name));
      for (const name of wanted) if (!readers.has(name)) readers.set(name, new ColumnReader(name));
      return header.map((name) => readers.get(name));
    },
    (expectedRows) => {
      for (const reader of readers.values()) reader.reserve(expectedRows);
    },
  );
  return { rows, columns: wanted.map((name) => readers.get(name)!.finish()) };
}

/**
 * The same columns read through the general row reader (readTableChunks), a value per cell: the
 * way for JSON Lines, and for CSV the baseline the columnar reader is measured against
 * (bench/monitoring/read-columns.bench.ts).
 */
export async function readFileColumnsByRows(
  file: string,
  options: { columns?: readonly string[]; format?: DataFileFormat } = {},
): Promise<FileColumns> {
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
