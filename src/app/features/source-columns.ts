import { stat } from 'node:fs/promises';
import { sql, type Kysely } from 'kysely';
import type { SourceDefinition } from '../../core/features/feature-definitions.ts';
import type { Database } from '../../store/schema.ts';
import { quoteIdentifier, sqlString, withDuckDb } from './duckdb.ts';

/** A source's column as its file or table declares it; `type` is DuckDB's or the database's own name. */
export interface SourceColumn {
  readonly name: string;
  readonly type: string;
}

/** What a source holds, or why it cannot be read. */
export type SourceColumns = { readonly columns: readonly SourceColumn[] } | { readonly problem: string };

/**
 * The columns of a source without reading its rows: DuckDB describes a Parquet file from its
 * metadata and a CSV file from its header (sniffed, all columns text, as Ballast reads CSV), and a
 * table's columns come from the database's catalogue. Apply checks definitions against these, so a
 * file of millions of rows is checked in milliseconds.
 */
export async function sourceColumns(source: SourceDefinition, db: Kysely<Database>): Promise<SourceColumns> {
  if (source.table !== undefined) return tableColumns(source.table, db);
  const file = source.path!;
  try {
    if (!(await stat(file)).isFile()) return { problem: `${file} is not a file` };
  } catch {
    return { problem: `no file at ${file}` };
  }
  const reader = /\.parquet$/i.test(file)
    ? `read_parquet(${sqlString(file)})`
    : `read_csv(${sqlString(file)}, all_varchar = true, header = true)`;
  try {
    return await withDuckDb(async (duck) => {
      const described = await duck.runAndReadAll(`describe select * from ${reader}`);
      const rows = described.getRowObjectsJson();
      return { columns: rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) })) };
    });
  } catch (error) {
    return { problem: `cannot read ${file}: ${(error as Error).message.split('\n')[0]}` };
  }
}

async function tableColumns(table: string, db: Kysely<Database>): Promise<SourceColumns> {
  const [schema, name] = table.includes('.') ? table.split('.') : [undefined, table];
  const tables = await db.introspection.getTables();
  const candidates = tables.filter((t) => t.name === name && (schema === undefined || t.schema === schema));
  // Only PostgreSQL has schemas: an unqualified name means the one on the search path, as a query would read it.
  const current = candidates.length > 1 ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const found = candidates.length > 1 ? candidates.find((t) => t.schema === current) : candidates[0];
  if (found === undefined) return { problem: `no table ${quoteIdentifier(table)} in the store's database` };
  return { columns: found.columns.map((c) => ({ name: c.name, type: c.dataType })) };
}
