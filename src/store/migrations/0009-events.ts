import type { Kysely } from 'kysely';

/**
 * Downstream outcome events (conversions, refunds) sent for logged predictions, the source of a
 * deployment's business KPIs. Events are facts that add up, not corrections: every one is a row,
 * and two events of one name for one prediction are two outcomes (two purchases).
 *
 * A KPI is read per window of the *prediction's* time and per model version, so the event row
 * carries both, copied from its prediction when it is written (a logged prediction's time and
 * version never change). Reading a deployment's events for a range is then one range scan of one
 * index, with no join to the prediction log, whose rows are far more numerous and live on the hot
 * path's table. `at` is when the outcome happened (as sent, else when it arrived).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('prediction_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('prediction_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('actor', 'varchar(200)', (c) => c.notNull())
    .execute();
  // A deployment's events in prediction time, then by prediction: the order the KPI reader pages
  // through them, so a prediction's events arrive together and no sort is needed.
  await db.schema
    .createIndex('events_deployment_prediction_at')
    .on('events')
    .columns(['deployment_name', 'prediction_at', 'prediction_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('events').execute();
}
