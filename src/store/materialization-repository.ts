import type { Kysely } from 'kysely';
import type { Database, FeatureMaterializationsTable } from './schema.ts';

export interface MaterializationRecord {
  readonly id: string;
  readonly view: string;
  readonly featureSetVersion: number;
  /** The window's start (exclusive), null for "from the beginning". */
  readonly startTime: string | null;
  /** The window's end (inclusive). */
  readonly endTime: string;
  readonly rows: number;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly createdBy: string;
}

/** Each materialisation's window per view (migration 0027): incremental runs start where the last ended. */
export class MaterializationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async start(entry: Omit<MaterializationRecord, 'rows' | 'status' | 'finishedAt'>): Promise<void> {
    await this.db
      .insertInto('feature_materializations')
      .values({
        id: entry.id,
        view: entry.view,
        feature_set_version: entry.featureSetVersion,
        start_time: entry.startTime,
        end_time: entry.endTime,
        rows: 0,
        status: 'running',
        started_at: entry.startedAt,
        finished_at: null,
        created_by: entry.createdBy,
      })
      .execute();
  }

  async finish(id: string, status: 'succeeded' | 'failed', rows: number, at: string): Promise<void> {
    await this.db.updateTable('feature_materializations').set({ status, rows, finished_at: at }).where('id', '=', id).execute();
  }

  /** The end of the view's latest successful materialisation for a definitions version. */
  async lastSucceededEnd(view: string, featureSetVersion: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('feature_materializations')
      .select('end_time')
      .where('view', '=', view)
      .where('feature_set_version', '=', featureSetVersion)
      .where('status', '=', 'succeeded')
      .orderBy('end_time', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.end_time;
  }

  /** Newest first. */
  async list(view?: string, limit = 100): Promise<MaterializationRecord[]> {
    let query = this.db.selectFrom('feature_materializations').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit);
    if (view !== undefined) query = query.where('view', '=', view);
    return (await query.execute()).map(toRecord);
  }
}

function toRecord(row: FeatureMaterializationsTable): MaterializationRecord {
  return {
    id: row.id,
    view: row.view,
    featureSetVersion: Number(row.feature_set_version),
    startTime: row.start_time,
    endTime: row.end_time,
    rows: Number(row.rows),
    status: row.status as MaterializationRecord['status'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    createdBy: row.created_by,
  };
}
