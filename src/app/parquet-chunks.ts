import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import { BallastError } from '../core/errors.ts';
import type { Cell, TableChunk, TableRow } from '../core/table.ts';
import { quoteIdentifier, sqlString } from './features/duckdb.ts';

export interface ParquetReadOptions {
  readonly chunkRows: number;
  /** The file's size: progress is reported in bytes like the text formats, in proportion to the rows read. */
  readonly totalBytes: number;
  readonly onBytes?: (bytesRead: number, totalBytes: number) => void;
}

/** DuckDB's own threads for one file: enough to decode row groups ahead of the caller, few enough to share the machine. */
const READ_THREADS = '2';

/**
 * Streams a Parquet file through DuckDB as chunks of typed cells, in the file's row order, holding
 * no more than a chunk and DuckDB's read-ahead in memory. Cells mean what the same data means when
 * written as CSV: numbers as numbers (floats by their shortest text, so 0.1f stays 0.1; NaN is
 * missing, as pandas writes it to CSV), integers beyond 2^53 as their exact digits, timestamps as
 * ISO 8601 UTC text, and every other type (dates, decimals' exotic kin, lists) as DuckDB's text.
 */
export async function* readParquetChunks(file: string, options: ParquetReadOptions): AsyncGenerator<TableChunk> {
  const instance = await DuckDBInstance.create(':memory:', { threads: READ_THREADS });
  const connection = await instance.connect();
  try {
    // Zoned timestamps are read as UTC, whatever the machine's zone.
    await connection.run(`SET TimeZone = 'UTC'`);
    const source = `read_parquet(${sqlString(file)})`;
    const { columns, projection } = await describe(connection, source, file);
    const totalRows = await rowCount(connection, source, file);
    const result = await unreadable(file, () => connection.stream(`SELECT ${projection} FROM ${source}`));
    let pending: TableRow[] = [];
    let read = 0;
    let yielded = false;
    const emit = (rows: TableRow[]): TableChunk => {
      options.onBytes?.(Math.round((rows[rows.length - 1]!.row / Math.max(1, totalRows)) * options.totalBytes), options.totalBytes);
      yielded = true;
      return { columns, rows };
    };
    for (;;) {
      const chunk = await unreadable(file, () => result.fetchChunk());
      if (chunk === null || chunk.rowCount === 0) break;
      const vectors = columns.map((_, c) => chunk.getColumnVector(c));
      for (let i = 0; i < chunk.rowCount; i++) {
        const cells: Cell[] = new Array<Cell>(vectors.length);
        for (let c = 0; c < vectors.length; c++) cells[c] = toCell(vectors[c]!.getItem(i));
        pending.push({ row: ++read, cells });
      }
      while (pending.length >= options.chunkRows) {
        yield emit(pending.slice(0, options.chunkRows));
        pending = pending.slice(options.chunkRows);
      }
    }
    if (pending.length > 0) yield emit(pending);
    // Like a CSV file with a header only: the columns are still known.
    if (!yielded) yield { columns, rows: [] };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The column names, and a projection that hands every column over as a type with a plain JS value. */
async function describe(connection: DuckDBConnection, source: string, file: string): Promise<{ columns: string[]; projection: string }> {
  const probe = await unreadable(file, () => connection.runAndReadAll(`SELECT * FROM ${source} LIMIT 0`));
  const columns = probe.columnNames();
  if (columns.length === 0) return { columns, projection: '*' };
  const projection = columns
    .map((name, c) => `${castFor(probe.columnTypeId(c), quoteIdentifier(name))} AS ${quoteIdentifier(name)}`)
    .join(', ');
  return { columns, projection };
}

function castFor(type: DuckDBTypeId, column: string): string {
  switch (type) {
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.VARCHAR:
      return column;
    case DuckDBTypeId.FLOAT:
      // A float32 widened directly reads 0.1 as 0.10000000149011612; its shortest text is what a CSV writer prints.
      return `CAST(CAST(${column} AS VARCHAR) AS DOUBLE)`;
    case DuckDBTypeId.DECIMAL:
      return `CAST(${column} AS DOUBLE)`;
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      // Zoneless timestamps are UTC in Ballast (core/features/timestamps.ts), zoned ones are converted to it.
      return `strftime(CAST(${column} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')`;
    default:
      return `CAST(${column} AS VARCHAR)`;
  }
}

async function rowCount(connection: DuckDBConnection, source: string, file: string): Promise<number> {
  // Answered from the footer's row-group metadata: no data page is read.
  const result = await unreadable(file, () => connection.runAndReadAll(`SELECT count(*) FROM ${source}`));
  return Number(result.getRowsJS()[0]![0]);
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isNaN(value) ? null : value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

async function unreadable<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new BallastError('invalid_data', `${file}: cannot read it as Parquet (${firstLine((error as Error).message)})`);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
