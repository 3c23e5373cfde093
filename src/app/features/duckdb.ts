import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * An in-memory DuckDB for one piece of work: point-in-time joins at scale and reading Parquet.
 * Nothing is persisted; the instance closes when the work ends, whether it succeeded or not.
 * DuckDB runs its own threads, so the event loop stays free while a query runs.
 */
export async function withDuckDb<T>(work: (connection: DuckDBConnection) => Promise<T>, options: { threads?: number } = {}): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', options.threads !== undefined ? { threads: String(options.threads) } : {});
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A string literal for DuckDB SQL (file paths, column names go through `quoteIdentifier`). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
