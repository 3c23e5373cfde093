import type { Kysely } from 'kysely';

/**
 * What a deployment's shadow answered (app/shadow/shadow-mirror.ts): one row per mirrored prediction,
 * linked to the primary's prediction id, with the shadow's own output (null when it failed or timed
 * out), why it failed, and how long its model call took. `outcome` is `scored`, `failed` or
 * `timed_out` for such a row; rows the mirror dropped because its queue was full are counted, not
 * each written: one `dropped` row per write batch holds their number in `rows` (no prediction id),
 * so a full queue does not add a write per dropped request to a server that is already busy.
 *
 * The report reads a deployment's rows in id order (ULIDs: time order) and joins the primaries by id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shadow_predictions')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('primary_prediction_id', 'varchar(26)')
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('output', 'text')
    .addColumn('error', 'text')
    .addColumn('latency_ms', 'double precision')
    .execute();
  await db.schema.createIndex('shadow_predictions_deployment_id').on('shadow_predictions').columns(['deployment_name', 'id']).execute();
  await db.schema.createIndex('shadow_predictions_primary').on('shadow_predictions').column('primary_prediction_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('shadow_predictions').execute();
}
