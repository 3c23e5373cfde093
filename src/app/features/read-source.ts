import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { canonicalJson } from '../../core/canonical-json.ts';
import { BallastError } from '../../core/errors.ts';
import type { SourceDefinition } from '../../core/features/feature-definitions.ts';
import { entityKeyText, type SourceRowTime } from '../../core/features/point-in-time.ts';
import { parseTimestamp } from '../../core/features/timestamps.ts';
import type { Cell } from '../../core/table.ts';
import type { Database } from '../../store/schema.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, sqlString, withDuckDb } from './duckdb.ts';

/** A feature source read whole into memory: the columns asked for, and each row's key and times. */
export interface SourceRows {
  readonly columns: readonly string[];
  /** Row-major cells, in the source's row order (ties of event time are decided by it). */
  readonly cells: readonly (readonly Cell[])[];
  readonly times: readonly SourceRowTime[];
  /** sha256 of the file's bytes; of the rows' canonical JSON for a table source. */
  readonly sha256: string;
}

export interface ReadSourceOptions {
  /** The store's database, for a source that is a table. */
  readonly db?: Kysely<Database>;
  /**
   * Only the rows of these entity keys (in `entityKeyText` form), filtered inside DuckDB so the rest
   * never reach JavaScript — what the skew check needs from a large file for a few thousand keys.
   * Files whose key column is text or an integer only (a table, or a float key, is read whole); rows
   * keep their file order, and an unparsable timestamp is named by its key rather than its row.
   */
  readonly keys?: readonly string[];
}

/**
 * Reads a source (CSV or Parquet through DuckDB, or a table of the store's database): the key and
 * timestamp columns and the columns asked for. CSV is read as text, so its cells mean what they mean
 * everywhere else in Ballast (empty = missing); Parquet keeps its types, timestamps as ISO text.
 * A missing column or an unparsable timestamp is an error naming the source, the row and the value.
 * For the point-in-time join at scale, see training-set; this is for materialisation, skew and checks.
 */
export async function readSourceRows(
  source: SourceDefinition,
  keyColumn: string,
  columns: readonly string[],
  options: ReadSourceOptions = {},
): Promise<SourceRows> {
  const wanted = [...new Set([keyColumn, source.timestamp, ...(source.createdTimestamp ? [source.createdTimestamp] : []), ...columns])];
  const { header, rows, sha256, filtered } =
    source.table !== undefined
      ? { ...(await readTable(source, options)), filtered: false }
      : await readFile(source, options.keys && { keyColumn, keys: options.keys, wanted });
  const missing = wanted.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new BallastError(
      'missing_column',
      `source ${source.name}: no column ${missing.map((c) => JSON.stringify(c)).join(', ')} (columns: ${header.join(', ')})`,
    );
  const at = (name: string) => header.indexOf(name);
  const keyAt = at(keyColumn);
  const timeAt = at(source.timestamp);
  const createdAt = source.createdTimestamp ? at(source.createdTimestamp) : -1;
  const picks = columns.map(at);
  const time = (cell: Cell, row: number, column: string): number => {
    const parsed = typeof cell === 'string' ? parseTimestamp(cell) : undefined;
    if (parsed === undefined)
      throw new BallastError(
        'invalid_data',
        `source ${source.name}: ${filtered ? `a row of ${keyColumn} ${JSON.stringify(rows[row]![keyAt])}` : `row ${row + 1}`}: ${JSON.stringify(cell)} in column "${column}" is not a timestamp (write ISO 8601, e.g. 2026-01-02T03:04:05Z)`,
      );
    return parsed;
  };
  const cells: Cell[][] = [];
  const times: SourceRowTime[] = [];
  rows.forEach((row, i) => {
    cells.push(picks.map((p) => row[p]!));
    times.push({
      key: entityKeyText(row[keyAt] as string | number | null),
      eventTime: time(row[timeAt]!, i, source.timestamp),
      ...(createdAt >= 0 && row[createdAt] !== null ? { createdTime: time(row[createdAt]!, i, source.createdTimestamp!) } : {}),
    });
  });
  return { columns: [...columns], cells, times, sha256 };
}

async function readFile(
  source: SourceDefinition,
  filter?: { readonly keyColumn: string; readonly keys: readonly string[]; readonly wanted: readonly string[] },
): Promise<{ header: string[]; rows: Cell[][]; sha256: string; filtered: boolean }> {
  const file = source.path!;
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file');
  } catch {
    throw new BallastError('file_not_found', `source ${source.name}: cannot read ${file}`);
  }
  const ext = path.extname(file).toLowerCase();
  const reader =
    ext === '.parquet'
      ? `read_parquet(${sqlString(file)})`
      : ext === '.csv'
        ? `read_csv(${sqlString(file)}, all_varchar = true, header = true)`
        : undefined;
  if (reader === undefined) throw new BallastError('invalid_data', `source ${source.name}: ${file} is neither .csv nor .parquet`);
  const [read, sha256] = await Promise.all([
    withDuckDb(async (db) => {
      try {
        const keyed = filter && (await keyFilter(db, reader, filter));
        const result = await db.runAndReadAll(keyed ?? `select * from ${reader}`);
        return { header: result.columnNames(), rows: result.getRowsJS().map((row) => row.map(toCell)), filtered: keyed !== undefined };
      } catch (error) {
        if (error instanceof BallastError) throw error;
        throw new BallastError('invalid_data', `source ${source.name}: cannot read ${file}: ${(error as Error).message}`);
      }
    }),
    fileSha256(file),
  ]);
  return { ...read, sha256 };
}

/**
 * The query reading only the filter's keys and wanted columns, or undefined to read the file whole: a
 * column is missing (readSourceRows names it), or the key is neither text nor an integer (a float key
 * cast to text would not read as entityKeyText writes it).
 */
async function keyFilter(
  db: DuckDBConnection,
  reader: string,
  filter: { readonly keyColumn: string; readonly keys: readonly string[]; readonly wanted: readonly string[] },
): Promise<string | undefined> {
  const described = (await db.runAndReadAll(`describe select * from ${reader}`)).getRowObjectsJS();
  const types = new Map(described.map((row) => [String(row.column_name), String(row.column_type)]));
  const keyType = types.get(filter.keyColumn);
  if (filter.wanted.some((c) => !types.has(c)) || keyType === undefined || !/^(VARCHAR|U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$/.test(keyType))
    return undefined;
  const key = `trim(cast(${quoteIdentifier(filter.keyColumn)} as varchar))`;
  const keys = filter.keys.length === 0 ? "''" : filter.keys.map(sqlString).join(', ');
  return `select ${filter.wanted.map(quoteIdentifier).join(', ')} from ${reader} where ${key} in (${keys}) and ${key} <> ''`;
}

async function readTable(
  source: SourceDefinition,
  options: ReadSourceOptions,
): Promise<{ header: string[]; rows: Cell[][]; sha256: string }> {
  if (options.db === undefined)
    throw new BallastError('invalid_argument', `source ${source.name} is a table, and no database was given to read it from`);
  let result;
  try {
    result = await sql<Record<string, unknown>>`select * from ${sql.table(source.table!)}`.execute(options.db);
  } catch (error) {
    throw new BallastError('invalid_data', `source ${source.name}: cannot read table ${source.table}: ${(error as Error).message}`);
  }
  const header = result.rows.length > 0 ? Object.keys(result.rows[0]!) : [];
  const rows = result.rows.map((row) => header.map((c) => toCell(row[c])));
  return { header, rows, sha256: createHash('sha256').update(canonicalJson(rows)).digest('hex') };
}

/** A DuckDB or database value as a cell: integers as numbers, times as ISO 8601 text. */
function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
