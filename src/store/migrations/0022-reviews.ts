import type { Kysely } from 'kysely';

/**
 * Human review. `review_items` holds each prediction a deployment's review policy held: written
 * before the caller is answered (so an acknowledged review id survives kill -9), decided once by a
 * reviewer. JSON text columns: `fallback` (what the caller got), `inputs`, `output` (the model's own
 * answer, never the fallback), `violations` (flagged contract fields), `label` (the decision).
 * `priority`: lower is more urgent (how deep inside the policy's condition the row lies).
 *
 * `feedback.source` says where a label came from: null = sent by the client (every row before this
 * migration), `review` = a reviewer's decision, written in the same transaction as the decision.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('review_items')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('prediction_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('model_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('priority', 'double precision', (c) => c.notNull())
    .addColumn('fallback', 'text', (c) => c.notNull())
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('output', 'text', (c) => c.notNull())
    .addColumn('violations', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('decided_at', 'varchar(40)')
    .addColumn('decided_by', 'varchar(200)')
    .addColumn('label', 'text')
    .addColumn('note', 'text')
    .execute();
  // The queue of one deployment, oldest first; and the whole queue by urgency.
  await db.schema
    .createIndex('review_items_deployment_status_created')
    .on('review_items')
    .columns(['deployment_name', 'status', 'created_at'])
    .execute();
  await db.schema.createIndex('review_items_status_priority').on('review_items').columns(['status', 'priority']).execute();
  await db.schema.alterTable('feedback').addColumn('source', 'varchar(16)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('feedback').dropColumn('source').execute();
  await db.schema.dropTable('review_items').execute();
}
