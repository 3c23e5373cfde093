import type { Kysely } from 'kysely';

/**
 * Serving enrichment: each logged prediction of a deployment that completes its requests from the
 * online store records how (core/features/enrich-rows.ts `PredictionEnrichment`: the feature
 * definitions' version, the entity key, each view's event time), as JSON. Null for predictions of
 * deployments without enrichment and for rows written before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('predictions').addColumn('enrichment', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('predictions').dropColumn('enrichment').execute();
}
