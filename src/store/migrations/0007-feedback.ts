import type { Kysely } from 'kysely';

/**
 * Ground truth: every label ever sent for a logged prediction, kept as history. A second label for
 * the same prediction is a new row, not an update: the newest (by received_at, then id, as ids are
 * ULIDs) is the prediction's current label, and the older ones stay to show what was corrected.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('feedback')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('prediction_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    // JSON text: a class value (string or number) of a classifier, or a regressor's number.
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('received_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('actor', 'varchar(200)', (c) => c.notNull())
    .execute();
  // A prediction's labels in the order the repository reads them (id breaks ties within a
  // millisecond), so finding the current label of many predictions needs no sort.
  await db.schema.createIndex('feedback_prediction_received').on('feedback').columns(['prediction_id', 'received_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('feedback').execute();
}
