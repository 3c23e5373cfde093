import type { Kysely } from 'kysely';
import type { FeatureDefinitions, FeatureSetRecord } from '../core/features/feature-definitions.ts';
import type { Database, FeatureSetsTable } from './schema.ts';

/** Applied versions of the feature definitions (migration 0027); the highest version is current. */
export class FeatureSetRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async latest(): Promise<FeatureSetRecord | undefined> {
    const row = await this.db.selectFrom('feature_sets').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async findByVersion(version: number): Promise<FeatureSetRecord | undefined> {
    const row = await this.db.selectFrom('feature_sets').selectAll().where('version', '=', version).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  /** Every version, newest first. */
  async list(): Promise<FeatureSetRecord[]> {
    const rows = await this.db.selectFrom('feature_sets').selectAll().orderBy('version', 'desc').execute();
    return rows.map(toRecord);
  }

  /** Stores the definitions as the next version. Call inside a transaction: the version is max + 1. */
  async append(entry: Omit<FeatureSetRecord, 'version'>): Promise<FeatureSetRecord> {
    const top = await this.db
      .selectFrom('feature_sets')
      .select((eb) => eb.fn.max('version').as('top'))
      .executeTakeFirst();
    const version = Number(top?.top ?? 0) + 1;
    await this.db
      .insertInto('feature_sets')
      .values({
        version,
        definitions: JSON.stringify(entry.definitions),
        sha256: entry.sha256,
        source_file: entry.sourceFile,
        created_by: entry.createdBy,
        created_at: entry.createdAt,
      })
      .execute();
    return { ...entry, version };
  }
}

function toRecord(row: FeatureSetsTable): FeatureSetRecord {
  return {
    version: Number(row.version),
    definitions: JSON.parse(row.definitions) as FeatureDefinitions,
    sha256: row.sha256,
    sourceFile: row.source_file,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
