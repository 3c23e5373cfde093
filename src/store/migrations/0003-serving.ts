import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deployments')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull().references('model_versions.id'))
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();

  // Every revision a deployment went through: what served when, and who changed it.
  await db.schema
    .createTable('deployment_revisions')
    .addColumn('deployment_id', 'varchar(26)', (c) => c.notNull().references('deployments.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull().references('model_versions.id'))
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('actor', 'varchar(200)', (c) => c.notNull())
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('deployment_revisions_pk', ['deployment_id', 'revision'])
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(40)')
    .execute();

  // The prediction log: the source of truth for what was answered. Ids are ULIDs, so id order is time order.
  await db.schema
    .createTable('predictions')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('deployment_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('model_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'varchar(200)')
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('output', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'double precision', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('predictions_deployment_id').on('predictions').columns(['deployment_name', 'id']).execute();
  await db.schema.createIndex('predictions_request_id').on('predictions').column('request_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['predictions', 'api_tokens', 'deployment_revisions', 'deployments']) await db.schema.dropTable(table).execute();
}
