import type { Kysely } from 'kysely';

/**
 * Rollouts, shadows, review policies and ensembles: the deployment's routing (core/rollouts/
 * deployment-routing.ts) is stored as JSON beside its config, on the deployment and on every
 * revision, so each routing change is a revision like any deploy and the history says what routed
 * where when. Null reads as no routing (rows written before).
 *
 * Each logged prediction records the role of the version that answered it (`stable`, `canary`,
 * `green`, `variant`); null for rows written before roles existed, which were all stable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deployments').addColumn('routing', 'text').execute();
  await db.schema.alterTable('deployment_revisions').addColumn('routing', 'text').execute();
  await db.schema.alterTable('predictions').addColumn('role', 'varchar(16)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('predictions').dropColumn('role').execute();
  await db.schema.alterTable('deployment_revisions').dropColumn('routing').execute();
  await db.schema.alterTable('deployments').dropColumn('routing').execute();
}
