import type { Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they describe the schema as it was then, not as the code sees it now.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('artifacts')
    .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('media_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('models')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('owner', 'varchar(200)', (c) => c.notNull())
    .addColumn('intended_use', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dataset_snapshots')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    // The snapshot's bytes are an artifact: its content hash is both its identity and its address.
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull().unique().references('artifacts.sha256'))
    .addColumn('row_count', 'bigint', (c) => c.notNull())
    .addColumn('column_count', 'integer', (c) => c.notNull())
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('label_column', 'varchar(200)')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('model_versions')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('model_id', 'varchar(26)', (c) => c.notNull().references('models.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('artifact_sha256', 'varchar(64)', (c) => c.notNull().references('artifacts.sha256'))
    .addColumn('format', 'varchar(20)', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('snapshot_id', 'varchar(26)', (c) => c.references('dataset_snapshots.id'))
    .addColumn('code_ref', 'varchar(200)')
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addUniqueConstraint('model_versions_model_version', ['model_id', 'version'])
    .execute();
  await db.schema.createIndex('model_versions_snapshot').on('model_versions').column('snapshot_id').execute();
  await db.schema.createIndex('model_versions_artifact').on('model_versions').column('artifact_sha256').execute();

  await db.schema
    .createTable('aliases')
    .addColumn('model_id', 'varchar(26)', (c) => c.notNull().references('models.id'))
    .addColumn('alias', 'varchar(128)', (c) => c.notNull())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull().references('model_versions.id'))
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('aliases_pk', ['model_id', 'alias'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['aliases', 'model_versions', 'dataset_snapshots', 'models', 'artifacts']) {
    await db.schema.dropTable(table).execute();
  }
}
