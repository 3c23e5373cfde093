import type { Kysely } from 'kysely';

/**
 * A model version's labelled reference: the scores, predicted class and true class Ballast computed for
 * each row of a labelled file, from which performance is estimated before labels arrive (CBPE).
 *
 * One row per version (the primary key): setting a reference again replaces it. The rows are kept in
 * the database rather than as an artifact-store blob because the estimator reads them with the store
 * alone (a server need not share the artifact directory), because the reference and the audit entry
 * that records its replacement commit in one transaction, and because a replaced reference leaves no
 * orphan file behind. They are columnar and binary (base64 typed arrays, see
 * labelled-reference-repository.ts), about 11 bytes per number, so 100,000 binary rows take ~3 MB.
 * `id` changes with every replacement, which is how a cached fit learns it is stale.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('labelled_references')
    .addColumn('version_id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('id', 'varchar(26)', (c) => c.notNull())
    .addColumn('classes', 'text', (c) => c.notNull())
    .addColumn('label_column', 'varchar(200)', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('labelled_references').execute();
}
