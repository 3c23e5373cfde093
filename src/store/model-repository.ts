import type { Kysely, Selectable } from 'kysely';
import type { ModelRecord } from '../core/registry-records.ts';
import type { Database, ModelsTable } from './schema.ts';

export interface ModelSummary extends ModelRecord {
  readonly versionCount: number;
  readonly latestVersion: number | null;
}

export class ModelRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(model: ModelRecord): Promise<void> {
    await this.db
      .insertInto('models')
      .values({
        id: model.id,
        name: model.name,
        description: model.description,
        owner: model.owner,
        intended_use: model.intendedUse,
        tags: JSON.stringify(model.tags),
        created_by: model.createdBy,
        created_at: model.createdAt,
      })
      .execute();
  }

  /** Model metadata (unlike versions) may be edited; only the fields given change. */
  async updateMetadata(id: string, changes: Partial<Pick<ModelRecord, 'description' | 'owner' | 'intendedUse' | 'tags'>>): Promise<void> {
    const values = {
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.owner !== undefined ? { owner: changes.owner } : {}),
      ...(changes.intendedUse !== undefined ? { intended_use: changes.intendedUse } : {}),
      ...(changes.tags !== undefined ? { tags: JSON.stringify(changes.tags) } : {}),
    };
    if (Object.keys(values).length > 0) await this.db.updateTable('models').set(values).where('id', '=', id).execute();
  }

  async findByName(name: string): Promise<ModelRecord | undefined> {
    const row = await this.db.selectFrom('models').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toModel(row);
  }

  async list(): Promise<ModelSummary[]> {
    const rows = await this.db
      .selectFrom('models')
      .leftJoin('model_versions', 'model_versions.model_id', 'models.id')
      .selectAll('models')
      .select((eb) => [
        eb.fn.count<number>('model_versions.id').as('version_count'),
        eb.fn.max('model_versions.version').as('latest_version'),
      ])
      .groupBy([
        'models.id',
        'models.name',
        'models.description',
        'models.owner',
        'models.intended_use',
        'models.tags',
        'models.created_by',
        'models.created_at',
      ])
      .orderBy('models.name')
      .execute();
    return rows.map((row) => ({
      ...toModel(row),
      versionCount: Number(row.version_count),
      latestVersion: row.latest_version === null ? null : Number(row.latest_version),
    }));
  }
}

function toModel(row: Selectable<ModelsTable>): ModelRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    owner: row.owner,
    intendedUse: row.intended_use,
    tags: JSON.parse(row.tags) as string[],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
