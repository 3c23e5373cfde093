import type { SelectQueryBuilder } from 'kysely';

/**
 * What differs between the store's databases, in one place, as kysely's DialectAdapter keeps
 * what its dialects differ in: repositories and use cases ask the adapter instead of branching on
 * the dialect's name or reading driver error codes.
 */
export interface DialectAdapter {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * The query, made to hold the rows it reads until the transaction ends, so two transactions
   * cannot both act on what they read (PostgreSQL's SELECT … FOR UPDATE). SQLite lets one writer
   * at a time into a transaction, so its query stays as it is.
   */
  lockRows<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Whether a driver error says a unique or primary key was taken (by a writer that got there first). */
  isUniqueViolation(error: unknown): boolean;
}

const codeOf = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);

const SQLITE_ADAPTER: DialectAdapter = {
  dialect: 'sqlite',
  lockRows: (query) => query,
  // better-sqlite3's extended result codes.
  isUniqueViolation: (error) => codeOf(error) === 'SQLITE_CONSTRAINT_UNIQUE' || codeOf(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY',
};

const POSTGRES_ADAPTER: DialectAdapter = {
  dialect: 'postgres',
  lockRows: (query) => query.forUpdate(),
  // SQLSTATE unique_violation, which covers primary keys too.
  isUniqueViolation: (error) => codeOf(error) === '23505',
};

export function dialectAdapter(dialect: 'sqlite' | 'postgres'): DialectAdapter {
  return dialect === 'sqlite' ? SQLITE_ADAPTER : POSTGRES_ADAPTER;
}
