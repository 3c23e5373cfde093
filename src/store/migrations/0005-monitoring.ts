import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The training snapshot's profile, computed once per version: what every live window is compared with.
  await db.schema
    .createTable('reference_profiles')
    .addColumn('version_id', 'varchar(26)', (c) => c.primaryKey().references('model_versions.id'))
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('multivariate', 'text')
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  // Live window profiles: one row per window, version and writer (a server process, or 'recovery').
  // Readers merge the rows of a window; the prediction log stays the source of truth.
  await db.schema
    .createTable('window_profiles')
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('window_start', 'varchar(40)', (c) => c.notNull())
    .addColumn('window_ms', 'integer', (c) => c.notNull())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('source', 'varchar(200)', (c) => c.notNull())
    .addColumn('rows', 'bigint', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('reconstruction', 'text')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('window_profiles_pk', ['deployment_name', 'window_start', 'window_ms', 'version_id', 'source'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('window_profiles').execute();
  await db.schema.dropTable('reference_profiles').execute();
}
