import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Contracts are immutable and content-addressed like artifacts: the same rules are one contract.
  await db.schema
    .createTable('contracts')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('model_versions')
    .addColumn('contract_id', 'varchar(26)', (c) => c.references('contracts.id'))
    .execute();
  // The training gate's report: how the training data fared against the contract at registration.
  await db.schema.alterTable('model_versions').addColumn('contract_report', 'text').execute();
  // Violations a `flag` policy let through, recorded with the prediction they concern.
  await db.schema.alterTable('predictions').addColumn('violations', 'text').execute();
  // Per-minute violation counts by deployment, column and code, for monitoring windows.
  await db.schema
    .createTable('contract_violation_counts')
    .addColumn('deployment_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('window_start', 'varchar(40)', (c) => c.notNull())
    .addColumn('column_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('code', 'varchar(40)', (c) => c.notNull())
    .addColumn('policy', 'varchar(10)', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contract_violation_counts_pk', ['deployment_name', 'window_start', 'column_name', 'code', 'policy'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('contract_violation_counts').execute();
  await db.schema.alterTable('predictions').dropColumn('violations').execute();
  await db.schema.alterTable('model_versions').dropColumn('contract_report').execute();
  await db.schema.alterTable('model_versions').dropColumn('contract_id').execute();
  await db.schema.dropTable('contracts').execute();
}
