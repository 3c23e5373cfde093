import type { Kysely } from 'kysely';
import type { SensitiveKind, SensitiveMark } from '../core/privacy/sensitive-marks.ts';
import type { Database } from './schema.ts';

/** Hand marks of versions' sensitive and pii columns (migration 0025); one row per version and column. */
export class SensitiveColumnRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async listForVersion(versionId: string): Promise<SensitiveMark[]> {
    const rows = await this.db
      .selectFrom('sensitive_columns')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('column_name')
      .execute();
    return rows.map((row) => ({
      versionId: row.version_id,
      column: row.column_name,
      kind: row.kind as SensitiveKind,
      markedBy: row.marked_by,
      markedAt: row.marked_at,
    }));
  }

  /** Marks a column, or changes the kind of its mark (the newest decision holds). */
  async mark(mark: SensitiveMark): Promise<void> {
    await this.unmark(mark.versionId, mark.column);
    await this.db
      .insertInto('sensitive_columns')
      .values({ version_id: mark.versionId, column_name: mark.column, kind: mark.kind, marked_by: mark.markedBy, marked_at: mark.markedAt })
      .execute();
  }

  /** True when there was a mark to remove. */
  async unmark(versionId: string, column: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('sensitive_columns')
      .where('version_id', '=', versionId)
      .where('column_name', '=', column)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
