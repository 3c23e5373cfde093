import type { Kysely } from 'kysely';

/**
 * Explanations and model cards.
 * - `version_importance`: a version's global importance (mean |contribution| per feature on a sample
 *   of its training snapshot), computed at registration; one row per version.
 * - `version_annotations`: what people state about a version (intended use, out-of-scope uses,
 *   limitations), entered with `ballast models annotate`; one row per version, the newest holds.
 * - `model_cards`: stored copies of generated cards, e.g. the card as it stood when an approval was
 *   decided (`approval_id`), so the approval links to exactly what its approver saw.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('version_importance')
    .addColumn('version_id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('method', 'varchar(32)', (c) => c.notNull())
    .addColumn('space', 'varchar(32)', (c) => c.notNull())
    .addColumn('sample_rows', 'integer', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('features', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('version_annotations')
    .addColumn('version_id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('intended_use', 'text')
    .addColumn('out_of_scope', 'text', (c) => c.notNull())
    .addColumn('limitations', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('model_cards')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('version_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('approval_id', 'varchar(26)')
    .addColumn('card', 'text', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('model_cards_version').on('model_cards').columns(['version_id', 'created_at']).execute();
  await db.schema.createIndex('model_cards_approval').on('model_cards').column('approval_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('model_cards').execute();
  await db.schema.dropTable('version_annotations').execute();
  await db.schema.dropTable('version_importance').execute();
}
