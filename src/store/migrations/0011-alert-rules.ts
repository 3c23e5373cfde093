import type { Kysely } from 'kysely';

/**
 * Alerting: the receivers notifications go to, the rules applied from a `ballast.alerts/v1` file, the
 * file's notification settings, and each rule's evaluated state. A rule is stored whole as JSON (its
 * shape is the core's AlertRule), with the columns a query filters on beside it. The state is its own
 * table, written by the evaluator at every tick, so applying rules again keeps the timers of rules
 * that did not change and a restart resumes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alert_receivers')
    .addColumn('name', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('allow_private', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alert_rules')
    .addColumn('name', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('signal', 'varchar(300)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_rules_deployment').on('alert_rules').columns(['deployment_name', 'name']).execute();
  await db.schema
    .createTable('alert_rule_states')
    .addColumn('rule', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('since', 'varchar(40)', (c) => c.notNull())
    .addColumn('active_since', 'varchar(40)')
    .addColumn('last_active_at', 'varchar(40)')
    .addColumn('value', 'double precision')
    .addColumn('no_data', 'integer', (c) => c.notNull())
    .addColumn('evaluated_at', 'varchar(40)')
    .addColumn('model_name', 'varchar(128)')
    .addColumn('model_version', 'integer')
    .execute();
  // One row per setting of the rules file (today `notifications`), JSON.
  await db.schema
    .createTable('alert_settings')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['alert_settings', 'alert_rule_states', 'alert_rules', 'alert_receivers']) await db.schema.dropTable(table).execute();
}
