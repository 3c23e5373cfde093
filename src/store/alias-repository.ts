import type { Kysely } from 'kysely';
import type { AliasRecord } from '../core/registry-records.ts';
import type { Database } from './schema.ts';

export class AliasRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Points an alias at a version in one statement: readers see the old target or the new one, never neither. */
  async set(alias: Omit<AliasRecord, 'version'>): Promise<void> {
    await this.db
      .insertInto('aliases')
      .values({
        model_id: alias.modelId,
        alias: alias.alias,
        version_id: alias.versionId,
        updated_by: alias.updatedBy,
        updated_at: alias.updatedAt,
      })
      .onConflict((oc) =>
        oc
          .columns(['model_id', 'alias'])
          .doUpdateSet({ version_id: alias.versionId, updated_by: alias.updatedBy, updated_at: alias.updatedAt }),
      )
      .execute();
  }

  async find(modelId: string, alias: string): Promise<AliasRecord | undefined> {
    const row = await this.select().where('aliases.model_id', '=', modelId).where('aliases.alias', '=', alias).executeTakeFirst();
    return row && toAlias(row);
  }

  async listForModel(modelId: string): Promise<AliasRecord[]> {
    const rows = await this.select().where('aliases.model_id', '=', modelId).orderBy('aliases.alias').execute();
    return rows.map(toAlias);
  }

  async remove(modelId: string, alias: string): Promise<boolean> {
    const result = await this.db.deleteFrom('aliases').where('model_id', '=', modelId).where('alias', '=', alias).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  private select() {
    return this.db
      .selectFrom('aliases')
      .innerJoin('model_versions', 'model_versions.id', 'aliases.version_id')
      .selectAll('aliases')
      .select('model_versions.version');
  }
}

function toAlias(row: {
  model_id: string;
  alias: string;
  version_id: string;
  version: number;
  updated_by: string;
  updated_at: string;
}): AliasRecord {
  return {
    modelId: row.model_id,
    alias: row.alias,
    versionId: row.version_id,
    version: Number(row.version),
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}
