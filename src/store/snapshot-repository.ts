import type { Kysely, Selectable } from 'kysely';
import type { DatasetSnapshotRecord, SnapshotColumn } from '../core/registry-records.ts';
import type { Database, DatasetSnapshotsTable } from './schema.ts';

export class SnapshotRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(snapshot: DatasetSnapshotRecord): Promise<void> {
    await this.db
      .insertInto('dataset_snapshots')
      .values({
        id: snapshot.id,
        sha256: snapshot.sha256,
        row_count: snapshot.rowCount,
        column_count: snapshot.columnCount,
        columns: JSON.stringify(snapshot.columns),
        label_column: snapshot.labelColumn,
        source: snapshot.source,
        created_by: snapshot.createdBy,
        created_at: snapshot.createdAt,
      })
      .execute();
  }

  async findById(id: string): Promise<DatasetSnapshotRecord | undefined> {
    const row = await this.db.selectFrom('dataset_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSnapshot(row);
  }

  async findBySha256(sha256: string): Promise<DatasetSnapshotRecord | undefined> {
    const row = await this.db.selectFrom('dataset_snapshots').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    return row && toSnapshot(row);
  }

  /** Snapshots whose hash starts with a prefix, so users can type the first characters as with git. */
  async findBySha256Prefix(prefix: string, limit = 2): Promise<DatasetSnapshotRecord[]> {
    const rows = await this.db.selectFrom('dataset_snapshots').selectAll().where('sha256', 'like', `${prefix}%`).limit(limit).execute();
    return rows.map(toSnapshot);
  }

  async list(): Promise<DatasetSnapshotRecord[]> {
    const rows = await this.db.selectFrom('dataset_snapshots').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map(toSnapshot);
  }
}

function toSnapshot(row: Selectable<DatasetSnapshotsTable>): DatasetSnapshotRecord {
  return {
    id: row.id,
    sha256: row.sha256,
    rowCount: Number(row.row_count),
    columnCount: Number(row.column_count),
    columns: JSON.parse(row.columns) as SnapshotColumn[],
    labelColumn: row.label_column,
    source: row.source,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
