import type { Kysely } from 'kysely';

/**
 * Every automated rollback attempt, whatever came of it (rolled back, dry run, refused, failed) and why,
 * so an incident can say what the alert tried. The deployment's name rather than its id: a deployment is
 * looked up by name everywhere, and the record must stay readable if the deployment is recreated.
 * Models are recorded by name and version (a version never changes once registered).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rollbacks')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('rule', 'varchar(200)', (c) => c.notNull())
    .addColumn('from_model', 'varchar(128)', (c) => c.notNull())
    .addColumn('from_version', 'integer', (c) => c.notNull())
    .addColumn('to_model', 'varchar(128)')
    .addColumn('to_version', 'integer')
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('signal', 'varchar(200)', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('threshold', 'double precision', (c) => c.notNull())
    .execute();
  // A deployment's attempts newest first (the API, the CLI); the cooldown guards read the recent ones by time.
  await db.schema.createIndex('rollbacks_deployment_at').on('rollbacks').columns(['deployment_name', 'at']).execute();
  await db.schema.createIndex('rollbacks_at').on('rollbacks').columns(['at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rollbacks').execute();
}
