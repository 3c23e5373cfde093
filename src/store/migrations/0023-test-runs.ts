import type { Kysely } from 'kysely';

/**
 * Model test runs (`ballast test`): one row per run of a suite against a version. A run is immutable once
 * written. `suite_hash` and `data_hash` are the SHA-256 of the suite file's and the data file's bytes, so a
 * reader can tell which suite and which data a verdict was about; `checks` is the JSON array of the checks'
 * results (values, bounds, intervals, verdicts) exactly as `ballast test --json` printed them.
 * `passed` is 1 when every error-severity check passed — what a promotion gate reads.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('test_runs')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('suite_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('suite_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('data_file', 'text', (c) => c.notNull())
    .addColumn('data_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('data_rows', 'integer', (c) => c.notNull())
    .addColumn('seed', 'bigint', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('checks', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  // A version's runs newest first, and the latest run of one suite (what a gate asks).
  await db.schema
    .createIndex('test_runs_version_suite_created')
    .on('test_runs')
    .columns(['version_id', 'suite_name', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('test_runs').execute();
}
