import { sql, type Kysely } from 'kysely';

/**
 * The index on predictions.request_id covers only the rows that have one. Most predictions carry
 * no request id, and every row in an index costs its insert a B-tree write: on the log thread's
 * SQLite connection the full index cost ~0.7 µs of ~7.6 µs per logged record (bench: groups of
 * 20 records of the example credit model, docs/benchmarks.md). A lookup by request id
 * (`request_id = ?` implies `is not null`) still uses it, in SQLite and PostgreSQL alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('predictions_request_id').execute();
  await db.schema
    .createIndex('predictions_request_id')
    .on('predictions')
    .column('request_id')
    .where(sql.ref('request_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('predictions_request_id').execute();
  await db.schema.createIndex('predictions_request_id').on('predictions').column('request_id').execute();
}
