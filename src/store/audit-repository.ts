import type { Kysely, Selectable } from 'kysely';
import type { AuditCheckpoint, AuditEntry } from '../core/audit-chain.ts';
import type { DialectAdapter } from './dialect-adapter.ts';
import type { AuditLogTable, Database } from './schema.ts';

export class AuditRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly adapter: DialectAdapter,
  ) {}

  /**
   * The current head, its row held until the transaction ends (dialect-adapter.ts), so two
   * transactions that append cannot both extend the same head.
   */
  async lockHead(): Promise<AuditCheckpoint | undefined> {
    const query = this.adapter.lockRows(this.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1));
    const row = await query.executeTakeFirst();
    return row && { seq: Number(row.seq), hash: row.hash };
  }

  async append(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        object_type: entry.objectType,
        object_id: entry.objectId,
        details: JSON.stringify(entry.details),
        prev_hash: entry.prevHash,
        hash: entry.hash,
      })
      .execute();
    await this.db
      .insertInto('audit_head')
      .values({ id: 1, seq: entry.seq, hash: entry.hash })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seq: entry.seq, hash: entry.hash }))
      .execute();
  }

  /** Entries in sequence order, a page at a time (verification streams through the whole log). */
  async list(afterSeq = 0, limit = 1000): Promise<AuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(auditEntryOf);
  }

  async head(): Promise<AuditCheckpoint | undefined> {
    const row = await this.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    return row && { seq: Number(row.seq), hash: row.hash };
  }
}

/** A row of audit_log as an entry: seq is a bigint column (text from PostgreSQL), details JSON text. */
export function auditEntryOf(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
