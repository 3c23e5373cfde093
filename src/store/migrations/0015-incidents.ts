import type { Kysely } from 'kysely';

/**
 * Incidents opened by firing `page` rules, their timelines, postmortems and the postmortems' action
 * items. `open_key` holds the deployment's name while the incident is not resolved and NULL once it
 * is: a unique index on it lets a deployment have at most one open incident on both dialects (NULLs
 * never collide), so two evaluations racing cannot open two.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('open_key', 'varchar(128)')
    .addColumn('title', 'varchar(400)', (c) => c.notNull())
    .addColumn('severity', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('commander', 'varchar(200)')
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('acknowledged_at', 'varchar(40)')
    .addColumn('mitigated_at', 'varchar(40)')
    .addColumn('resolved_at', 'varchar(40)')
    .execute();
  await db.schema.createIndex('incidents_open_key').on('incidents').column('open_key').unique().execute();
  await db.schema.createIndex('incidents_deployment_opened').on('incidents').columns(['deployment_name', 'opened_at']).execute();

  await db.schema
    .createTable('incident_events')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('incident_id', 'varchar(26)', (c) => c.notNull().references('incidents.id'))
    .addColumn('at', 'varchar(40)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor', 'varchar(200)')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_events_incident_at').on('incident_events').columns(['incident_id', 'at', 'id']).execute();

  await db.schema
    .createTable('postmortems')
    .addColumn('incident_id', 'varchar(26)', (c) => c.primaryKey().references('incidents.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('reviewed', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .execute();

  // Parsed from the postmortem's `## Action items` checklist each time it is stored, so listing the
  // open ones across every incident is one query rather than a parse of every postmortem.
  await db.schema
    .createTable('incident_action_items')
    .addColumn('incident_id', 'varchar(26)', (c) => c.notNull().references('incidents.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('owner', 'varchar(200)')
    .addColumn('done', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_action_items_pk', ['incident_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incident_action_items').execute();
  await db.schema.dropTable('postmortems').execute();
  await db.schema.dropTable('incident_events').execute();
  await db.schema.dropTable('incidents').execute();
}
