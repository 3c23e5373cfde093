import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CsvReader } from '../core/csv.ts';
import { countNewlines, firstInvalidUtf8 } from '../core/csv-columns-utf8.ts';
import { BallastError } from '../core/errors.ts';
import type { Cell, TableChunk, TableRow } from '../core/table.ts';
import { readParquetChunks } from './parquet-chunks.ts';

export type DataFileFormat = 'csv' | 'jsonl' | 'parquet';

export interface ReadOptions {
  /** Rows per chunk handed to the caller; bounds memory for large files. */
  readonly chunkRows?: number;
  /** JSON Lines only: the columns to take from each object (absent keys read as missing). CSV and Parquet give every column of their header. */
  readonly columns?: readonly string[];
  readonly onBytes?: (bytesRead: number, totalBytes: number) => void;
  /** The format, for a file whose name does not tell it (a snapshot in the artifact store). */
  readonly format?: DataFileFormat;
}

export function dataFileFormat(file: string): DataFileFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  throw new BallastError(
    'invalid_argument',
    `${file}: cannot tell the data format from the extension "${ext}"; use .csv, .jsonl or .parquet`,
  );
}

/**
 * Streams a CSV, JSON Lines or Parquet file as chunks of rows. Bytes are decoded as strict UTF-8: an
 * invalid sequence is an error naming the byte offset, never a silent replacement character. CSV
 * cells are text; JSON Lines and Parquet cells keep their types (see parquet-chunks.ts).
 */
export async function* readTableChunks(file: string, options: ReadOptions = {}): AsyncGenerator<TableChunk> {
  const format = options.format ?? dataFileFormat(file);
  const totalBytes = await fileSize(file);
  const chunkRows = options.chunkRows ?? 4096;
  if (format === 'parquet') {
    yield* readParquetChunks(file, { chunkRows, totalBytes, onBytes: options.onBytes });
    return;
  }
  const decoder = new StrictUtf8(file);
  const parse = format === 'csv' ? csvRows(file) : jsonlRows(file, options.columns);
  let pending: TableRow[] = [];
  let bytesRead = 0;
  for await (const buffer of createReadStream(file, { highWaterMark: 1 << 20 })) {
    bytesRead += (buffer as Buffer).byteLength;
    pending.push(...parse.push(decoder.write(buffer as Buffer)));
    options.onBytes?.(bytesRead, totalBytes);
    while (pending.length >= chunkRows) {
      yield { columns: parse.columns(), rows: pending.slice(0, chunkRows) };
      pending = pending.slice(chunkRows);
    }
  }
  pending.push(...parse.push(decoder.end()), ...parse.end());
  for (let i = 0; i < pending.length; i += chunkRows) yield { columns: parse.columns(), rows: pending.slice(i, i + chunkRows) };
  if (pending.length === 0 && format === 'csv') yield { columns: parse.columns(), rows: [] };
}

/** Reads a whole file into one chunk (training snapshots, fixtures). */
export async function readTable(file: string, options: Omit<ReadOptions, 'chunkRows'> = {}): Promise<TableChunk> {
  let columns: readonly string[] = options.columns ?? [];
  const rows: TableRow[] = [];
  for await (const chunk of readTableChunks(file, { ...options, chunkRows: 65536 })) {
    columns = chunk.columns;
    for (const row of chunk.rows) rows.push(row);
  }
  return { columns, rows };
}

export async function fileSize(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new BallastError('file_not_found', `${file}: not a regular file`);
    return info.size;
  } catch (error) {
    if (error instanceof BallastError) throw error;
    throw new BallastError('file_not_found', `${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

interface RowParser {
  push(text: string): TableRow[];
  end(): TableRow[];
  columns(): readonly string[];
}

function csvRows(file: string): RowParser {
  const reader = new CsvReader(file);
  const toRows = (records: ReturnType<CsvReader['push']>) => records.map((r) => ({ row: r.row, cells: r.fields }));
  return {
    push: (text) => toRows(reader.push(text)),
    end: () => toRows(reader.end()),
    columns: () => reader.columns ?? [],
  };
}

function jsonlRows(file: string, wanted: readonly string[] | undefined): RowParser {
  let buffer = '';
  let line = 0;
  let row = 0;
  let columns: string[] | undefined = wanted ? [...wanted] : undefined;
  const parseLine = (text: string, out: TableRow[]) => {
    line++;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new BallastError('invalid_data', `${file}: line ${line} is not valid JSON (${(error as Error).message})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new BallastError('invalid_data', `${file}: line ${line} is not a JSON object`);
    }
    const record = value as Record<string, unknown>;
    // Without a wanted list, the first object's keys are the columns.
    columns ??= Object.keys(record);
    row++;
    const cells = columns.map((name) => toCell(record[name], file, line, name));
    out.push({ row, cells });
  };
  return {
    push(text) {
      buffer += text;
      const out: TableRow[] = [];
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        parseLine(buffer.slice(0, newline), out);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
      return out;
    },
    end() {
      const out: TableRow[] = [];
      if (buffer.length > 0) parseLine(buffer, out);
      buffer = '';
      return out;
    },
    columns: () => columns ?? [],
  };
}

function toCell(value: unknown, file: string, line: number, name: string): Cell {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new BallastError(
    'invalid_value',
    `${file}: line ${line}, field "${name}": expected a number, string, boolean or null, found ${Array.isArray(value) ? 'an array' : 'an object'}`,
  );
}

/** UTF-8 decoding that refuses invalid bytes (naming the line and byte) instead of replacing them with U+FFFD. */
class StrictUtf8 {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private offset = 0;
  private lines = 1;

  constructor(private readonly file: string) {}

  write(buffer: Buffer): string {
    let text: string;
    try {
      text = this.decoder.decode(buffer, { stream: true });
    } catch {
      const at = Math.max(0, firstInvalidUtf8(buffer));
      const line = this.lines + countNewlines(buffer, 0, at);
      throw new BallastError(
        'invalid_data',
        `${this.file}: line ${line}: invalid UTF-8 at byte ${this.offset + at}; save the file as UTF-8`,
      );
    }
    this.offset += buffer.byteLength;
    this.lines += countNewlines(buffer, 0, buffer.length);
    return text;
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new BallastError('invalid_data', `${this.file}: the file ends inside a UTF-8 character`);
    }
  }
}
