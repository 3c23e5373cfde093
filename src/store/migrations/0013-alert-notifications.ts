import type { Kysely } from 'kysely';

/**
 * Notifications and silences of alerting.
 *
 * `alert_notifications` is the notifier's log: one row per (receiver, alert event), where an event
 * is a rule turning firing or resolved at a time. The notifier writes the row before it sends, and
 * its primary key makes a second write of the same event a no-op, so an event handed over twice
 * (a retried evaluation, a restart) is sent once; rows still `pending` after a restart are sent then.
 *
 * `alert_silences` mutes a rule's notifications until `ends_at`; unsilencing sets `ends_at` to the
 * moment it happened, so the record of who silenced what, and for how long, stays.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alert_notifications')
    .addColumn('key', 'varchar(600)', (c) => c.primaryKey())
    .addColumn('receiver', 'varchar(128)', (c) => c.notNull())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('rule', 'varchar(200)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('alert_json', 'text', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('idempotency_key', 'varchar(64)')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  // Pending rows on start-up, and the last firing event of a rule per receiver (does its resolve go out?).
  await db.schema.createIndex('alert_notifications_outcome').on('alert_notifications').columns(['outcome', 'deployment_name']).execute();
  await db.schema.createIndex('alert_notifications_rule').on('alert_notifications').columns(['receiver', 'rule', 'at']).execute();

  await db.schema
    .createTable('alert_silences')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('rule', 'varchar(200)', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_silences_rule').on('alert_silences').columns(['rule', 'ends_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('alert_silences').execute();
  await db.schema.dropTable('alert_notifications').execute();
}
