import type { Kysely } from 'kysely';

/**
 * Latency and failed requests per window part. Both nullable: rows written before this migration
 * (and windows rebuilt from the prediction log, which records no failed requests) read as unknown,
 * never as zero.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // JSON KllState of the part's request latencies in milliseconds.
  await db.schema.alterTable('window_profiles').addColumn('latency', 'text').execute();
  // Requests of the version that failed on the server's side in the window (5xx).
  await db.schema.alterTable('window_profiles').addColumn('errors', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('window_profiles').dropColumn('errors').execute();
  await db.schema.alterTable('window_profiles').dropColumn('latency').execute();
}
