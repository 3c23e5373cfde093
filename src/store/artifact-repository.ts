import type { Kysely } from 'kysely';
import type { ArtifactRecord } from '../core/registry-records.ts';
import type { Database } from './schema.ts';

/** The database's record of blobs in the artifact store, so versions and snapshots can reference them. */
export class ArtifactRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Content addressing makes a second insert of the same bytes a no-op. */
  async insertIfAbsent(artifact: ArtifactRecord): Promise<void> {
    await this.db
      .insertInto('artifacts')
      .values({ sha256: artifact.sha256, size_bytes: artifact.sizeBytes, media_type: artifact.mediaType, created_at: artifact.createdAt })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async find(sha256: string): Promise<ArtifactRecord | undefined> {
    const row = await this.db.selectFrom('artifacts').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    return row && { sha256: row.sha256, sizeBytes: Number(row.size_bytes), mediaType: row.media_type, createdAt: row.created_at };
  }
}
