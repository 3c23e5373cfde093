import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from './database-url.ts';
import type { Database } from './schema.ts';

// PostgreSQL returns bigint (int8) as text to avoid precision loss; our counts fit in a double.
pg.types.setTypeParser(20, (value: string) => Number(value));

export interface OpenOptions {
  /** PostgreSQL only: a schema to create and use, so tests (or tenants) can share one database. */
  readonly schema?: string;
}

export function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Kysely<Database> {
  if (target.dialect === 'sqlite') {
    if (target.file !== ':memory:') mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    // WAL lets readers (the dashboard, `models list`) run beside a writer; NORMAL sync is durable
    // across process crashes in WAL mode, which is what the prediction log needs.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  }
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * SQLite transactions begin IMMEDIATE: they take the write lock at their start, waiting for it under
 * busy_timeout. A deferred transaction (SQLite's default) that reads first and writes later fails at
 * once with SQLITE_BUSY when another connection — the prediction log's thread — committed in between,
 * since its read snapshot is then stale and busy_timeout does not apply; a rollout started while
 * traffic is logged answered 500 that way, now and then, in the end-to-end tests.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }

  // SqliteDialect keeps its config private; this is the same object, kept here too.
  private readonly config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.config = config;
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
