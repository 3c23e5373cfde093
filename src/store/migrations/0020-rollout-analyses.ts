import type { Kysely } from 'kysely';

/**
 * Every gate analysis the rollout controller ran: which rollout and step, the window read, the verdict
 * and each check with the candidate's and stable's values. Kept after the rollout ends, so its page
 * (and an audit) can say why a canary advanced or was aborted. `checks` is JSON (GateCheck[]).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rollout_analyses')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('rollout_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('step_index', 'integer', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('window_start', 'varchar(40)', (c) => c.notNull())
    .addColumn('window_end', 'varchar(40)', (c) => c.notNull())
    .addColumn('verdict', 'varchar(16)', (c) => c.notNull())
    .addColumn('checks', 'text', (c) => c.notNull())
    .execute();
  // A rollout's analyses newest first (its status page), and the controller's "at most once per step per minute".
  await db.schema.createIndex('rollout_analyses_rollout').on('rollout_analyses').columns(['rollout_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rollout_analyses').execute();
}
