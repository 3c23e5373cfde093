import type { Kysely } from 'kysely';

/**
 * Named leases: who holds a job that exactly one process may run at a time (the alert evaluator),
 * and until when. A holder renews before `expires_at`; a holder that dies stops renewing, and the
 * first process to ask after `expires_at` takes the lease over. Taking and renewing are one
 * compare-and-set UPDATE (lease-repository.ts), which SQLite and PostgreSQL both run atomically.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('holder', 'varchar(200)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('leases').execute();
}
