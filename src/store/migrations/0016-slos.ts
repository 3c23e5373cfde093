import type { Kysely } from 'kysely';

/**
 * Service level objectives, one row per objective of a deployment (core/slo/slo-objective.ts). The
 * objective's kind says which of the nullable columns it uses: latency its threshold, behaviour its
 * signal, comparison, threshold and window length. Nothing is derived and stored: budgets and burn
 * rates are computed from the window parts when read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('slos')
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('target', 'double precision', (c) => c.notNull())
    .addColumn('period_ms', 'bigint', (c) => c.notNull())
    .addColumn('threshold_ms', 'double precision')
    .addColumn('signal', 'varchar(200)')
    .addColumn('comparison', 'varchar(2)')
    .addColumn('threshold', 'double precision')
    .addColumn('window_ms', 'bigint')
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .addPrimaryKeyConstraint('slos_pk', ['deployment_name', 'name'])
    .execute();
  // A server evaluating SLOs asks, every few seconds, which window parts of a deployment were written
  // since its last look (app/slo/request-windows.ts); without this index that question scans the
  // whole period's parts (28 days of one-minute windows: some 40,000 rows).
  await db.schema
    .createIndex('window_profiles_deployment_updated')
    .on('window_profiles')
    .columns(['deployment_name', 'updated_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('window_profiles_deployment_updated').execute();
  await db.schema.dropTable('slos').execute();
}
