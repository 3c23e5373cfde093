import type { Kysely } from 'kysely';

/**
 * Governance. `model_policies`: what a version of a model needs before it is promoted (suites whose latest
 * run must pass — JSON array `require_suites` —, an approval). `approvals`: four-eyes approvals of a version
 * for a stage, decided once (`status` pending → approved | rejected by a compare-and-set); `test_run_ids`
 * is the JSON array of runs it relied on. `governance_reviews`: periodic reviews of an approved version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('model_policies')
    .addColumn('model_id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('require_suites', 'text', (c) => c.notNull())
    .addColumn('require_approval', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('approvals')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('model_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .addColumn('stage', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('requested_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('requested_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('request_note', 'text')
    .addColumn('test_run_ids', 'text', (c) => c.notNull())
    .addColumn('review_every_days', 'integer', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(200)')
    .addColumn('decided_at', 'varchar(40)')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('approvals_version_stage').on('approvals').columns(['version_id', 'stage', 'status']).execute();
  await db.schema.createIndex('approvals_status_requested').on('approvals').columns(['status', 'requested_at']).execute();
  await db.schema
    .createTable('governance_reviews')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('approval_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('reviewer', 'varchar(200)', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('decision', 'varchar(16)', (c) => c.notNull())
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('governance_reviews_approval_at').on('governance_reviews').columns(['approval_id', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('governance_reviews').execute();
  await db.schema.dropTable('approvals').execute();
  await db.schema.dropTable('model_policies').execute();
}
