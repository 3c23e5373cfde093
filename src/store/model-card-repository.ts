import type { Kysely } from 'kysely';
import type { StoredModelCard, VersionAnnotations } from '../core/model-cards/card-records.ts';
import type { Database, ModelCardsTable } from './schema.ts';

/** Versions' annotations and stored model cards (migration 0026). */
export class ModelCardRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async annotationsOf(versionId: string): Promise<VersionAnnotations | undefined> {
    const row = await this.db.selectFrom('version_annotations').selectAll().where('version_id', '=', versionId).executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      versionId: row.version_id,
      intendedUse: row.intended_use,
      outOfScope: JSON.parse(row.out_of_scope) as string[],
      limitations: JSON.parse(row.limitations) as string[],
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
    };
  }

  /** Replaces a version's annotations as a whole (the caller merges with the earlier ones first). */
  async saveAnnotations(annotations: VersionAnnotations): Promise<void> {
    await this.db.deleteFrom('version_annotations').where('version_id', '=', annotations.versionId).execute();
    await this.db
      .insertInto('version_annotations')
      .values({
        version_id: annotations.versionId,
        intended_use: annotations.intendedUse,
        out_of_scope: JSON.stringify(annotations.outOfScope),
        limitations: JSON.stringify(annotations.limitations),
        updated_by: annotations.updatedBy,
        updated_at: annotations.updatedAt,
      })
      .execute();
  }

  async insertCard(card: StoredModelCard): Promise<void> {
    await this.db
      .insertInto('model_cards')
      .values({
        id: card.id,
        version_id: card.versionId,
        approval_id: card.approvalId,
        card: JSON.stringify(card.card),
        sha256: card.sha256,
        created_by: card.createdBy,
        created_at: card.createdAt,
      })
      .execute();
  }

  async findCard(id: string): Promise<StoredModelCard | undefined> {
    const row = await this.db.selectFrom('model_cards').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toCard(row);
  }

  /** The copy stored when an approval was decided, if any. */
  async findCardOfApproval(approvalId: string): Promise<StoredModelCard | undefined> {
    const row = await this.db.selectFrom('model_cards').selectAll().where('approval_id', '=', approvalId).executeTakeFirst();
    return row === undefined ? undefined : toCard(row);
  }

  /** A version's stored copies, newest first. */
  async listCardsOfVersion(versionId: string): Promise<StoredModelCard[]> {
    const rows = await this.db
      .selectFrom('model_cards')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toCard);
  }
}

function toCard(row: ModelCardsTable): StoredModelCard {
  return {
    id: row.id,
    versionId: row.version_id,
    approvalId: row.approval_id,
    card: JSON.parse(row.card) as unknown,
    sha256: row.sha256,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
