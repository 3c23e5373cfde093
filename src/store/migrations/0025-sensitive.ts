import type { Kysely } from 'kysely';

/**
 * Sensitive features. `api_tokens.permissions`: a JSON array of the permissions a token holds beyond
 * its role (`sensitive:read`), null for none. `sensitive_columns`: the columns of a version marked
 * `sensitive` or `pii` by hand (`ballast models mark`); a version's contract may flag more, and the
 * effective set is the union of both (app/privacy/sensitive-columns.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('permissions', 'text').execute();
  await db.schema
    .createTable('sensitive_columns')
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('column_name', 'varchar(256)', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('marked_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('marked_at', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('sensitive_columns_pk', ['version_id', 'column_name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sensitive_columns').execute();
  await db.schema.alterTable('api_tokens').dropColumn('permissions').execute();
}
