import type { Kysely } from 'kysely';

/**
 * On-call schedules and the pages sent from them.
 *
 * Schedules are applied as one document (`ballast.oncall/v1`) and kept as versions: each apply that
 * changes something adds a row, the highest is in force, and the older ones say who was on call when.
 *
 * A page row is written before its notification is sent, under a unique (incident, schedule, level),
 * so two servers or a restart can never page the same level of the same incident twice: the second
 * insert finds the row and sends nothing. `status` then says what came of it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oncall_schedule_versions')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('document', 'text', (c) => c.notNull()) // canonical JSON of the ballast.oncall/v1 document
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('pages')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('incident_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('schedule', 'varchar(128)', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('person', 'varchar(200)') // null: nobody was on call
    .addColumn('receiver', 'varchar(128)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull()) // sending | sent | failed | no_one_on_call
    .addColumn('reason', 'text')
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('schedules_version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pages_incident_schedule_level').unique().on('pages').columns(['incident_id', 'schedule', 'level']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pages').execute();
  await db.schema.dropTable('oncall_schedule_versions').execute();
}
