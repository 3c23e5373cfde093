import type { Kysely } from 'kysely';

/**
 * Feature store and reproducible pipelines.
 * - `feature_sets`: every applied version of the feature definitions (`ballast features apply`).
 * - `online_features`: the latest materialised values per feature view and entity key, read by
 *   `GET /v1/features/{view}` and by deployments' enrichment.
 * - `feature_materializations`: each materialisation's window, so the next one starts where the last
 *   succeeded (incremental) and one cut short is visible (resumable).
 * - `pipeline_runs`: each `ballast pipeline run` with its whole record (hashes, commands, parameters,
 *   git commit, tool versions); `pipeline_step_cache` maps a step's hash to its outputs' hashes.
 * - `training_sets`: each point-in-time training set written, by the sha256 of its bytes, so
 *   registering that file as training data links the version to how the set was built.
 * - `version_provenance`: what a version was made from beyond its snapshot: the feature definitions'
 *   version and sources' hashes of its training set, and the pipeline run and step that registered it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feature_sets')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('definitions', 'text', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('source_file', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('online_features')
    .addColumn('view', 'varchar(200)', (c) => c.notNull())
    .addColumn('entity_key', 'varchar(400)', (c) => c.notNull())
    .addColumn('feature_values', 'text', (c) => c.notNull())
    .addColumn('event_time', 'varchar(40)', (c) => c.notNull())
    .addColumn('feature_set_version', 'integer', (c) => c.notNull())
    .addColumn('materialized_at', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('online_features_pk', ['view', 'entity_key'])
    .execute();
  await db.schema
    .createTable('feature_materializations')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('view', 'varchar(200)', (c) => c.notNull())
    .addColumn('feature_set_version', 'integer', (c) => c.notNull())
    .addColumn('start_time', 'varchar(40)')
    .addColumn('end_time', 'varchar(40)', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(40)')
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feature_materializations_view').on('feature_materializations').columns(['view', 'end_time']).execute();
  await db.schema
    .createTable('pipeline_runs')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('pipeline', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('reproduces', 'varchar(26)')
    .addColumn('started_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pipeline_runs_started').on('pipeline_runs').column('started_at').execute();
  await db.schema
    .createTable('pipeline_step_cache')
    .addColumn('step_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('step_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('outs', 'text', (c) => c.notNull())
    .addColumn('run_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('training_sets')
    .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('output', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('version_provenance')
    .addColumn('version_id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('feature_set_version', 'integer')
    .addColumn('training_set', 'text')
    .addColumn('pipeline_run_id', 'varchar(26)')
    .addColumn('pipeline_step', 'varchar(200)')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'version_provenance',
    'pipeline_step_cache',
    'training_sets',
    'pipeline_runs',
    'feature_materializations',
    'online_features',
    'feature_sets',
  ])
    await db.schema.dropTable(table).execute();
}
