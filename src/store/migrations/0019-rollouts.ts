import type { Kysely } from 'kysely';

/**
 * One row per rollout ever started (core/rollouts/rollout-record.ts). The live state of an active
 * rollout is the deployment's routing; this table is what stays once it ended: who started it, with
 * which options, and how it ended (outcome null while active) and why. The deployment by name and the
 * versions by id and by name, as `rollbacks` keeps them, so the history reads the same if the
 * deployment is recreated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rollouts')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('strategy', 'varchar(16)', (c) => c.notNull())
    .addColumn('candidate_version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('candidate_model', 'varchar(128)', (c) => c.notNull())
    .addColumn('candidate_version', 'integer', (c) => c.notNull())
    .addColumn('stable_version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('stable_model', 'varchar(128)', (c) => c.notNull())
    .addColumn('stable_version', 'integer', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('started_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('started_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('ended_at', 'varchar(40)')
    .addColumn('ended_by', 'varchar(200)')
    .addColumn('outcome', 'varchar(16)')
    .addColumn('reason', 'text')
    .execute();
  // A deployment's rollouts newest first (history on the API, the CLI and the dashboard).
  await db.schema.createIndex('rollouts_deployment_started').on('rollouts').columns(['deployment_name', 'started_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rollouts').execute();
}
