import type { Kysely } from 'kysely';
import type { ExplainMethod, ExplanationSpace } from '../core/explain/explanation.ts';
import type { FeatureImportance, GlobalImportance } from '../core/explain/global-importance.ts';
import type { Database } from './schema.ts';

/** Versions' global importance (migration 0026); one row per version, the newest computation holds. */
export class ImportanceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findByVersion(versionId: string): Promise<GlobalImportance | undefined> {
    const row = await this.db.selectFrom('version_importance').selectAll().where('version_id', '=', versionId).executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      versionId: row.version_id,
      method: row.method as ExplainMethod,
      space: row.space as ExplanationSpace,
      sampleRows: Number(row.sample_rows),
      seed: Number(row.seed),
      features: JSON.parse(row.features) as FeatureImportance[],
      computedAt: row.computed_at,
    };
  }

  /** Stores a version's importance, replacing an earlier computation. */
  async save(importance: GlobalImportance): Promise<void> {
    await this.db.deleteFrom('version_importance').where('version_id', '=', importance.versionId).execute();
    await this.db
      .insertInto('version_importance')
      .values({
        version_id: importance.versionId,
        method: importance.method,
        space: importance.space,
        sample_rows: importance.sampleRows,
        seed: importance.seed,
        features: JSON.stringify(importance.features),
        computed_at: importance.computedAt,
      })
      .execute();
  }
}
