import type { Kysely, Selectable } from 'kysely';
import type { RollbackOutcomeKind, RollbackRecord } from '../core/alerts/rollback-record.ts';
import type { Database, RollbacksTable } from './schema.ts';

/** Automated rollback attempts (migration 0014): written once, never changed. */
export class RollbackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(record: RollbackRecord): Promise<void> {
    await this.db
      .insertInto('rollbacks')
      .values({
        id: record.id,
        deployment_name: record.deployment,
        at: record.at,
        rule: record.rule,
        from_model: record.from.name,
        from_version: record.from.version,
        to_model: record.to?.name ?? null,
        to_version: record.to?.version ?? null,
        outcome: record.outcome,
        reason: record.reason,
        signal: record.signal,
        value: record.value,
        threshold: record.threshold,
      })
      .execute();
  }

  /** A deployment's attempts, newest first (ids are ULIDs, so equal times keep the order they were made in). */
  async listForDeployment(deployment: string, limit = 100): Promise<RollbackRecord[]> {
    const rows = await this.db
      .selectFrom('rollbacks')
      .selectAll()
      .where('deployment_name', '=', deployment)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /** Every deployment's rollbacks that happened (outcome `rolled_back`) at or after `since`: what the cooldown guards read. */
  async rolledBackSince(since: string): Promise<RollbackRecord[]> {
    const rows = await this.db
      .selectFrom('rollbacks')
      .selectAll()
      .where('outcome', '=', 'rolled_back')
      .where('at', '>=', since)
      .orderBy('at', 'desc')
      .execute();
    return rows.map(toRecord);
  }
}

function toRecord(row: Selectable<RollbacksTable>): RollbackRecord {
  return {
    id: row.id,
    deployment: row.deployment_name,
    at: row.at,
    rule: row.rule,
    from: { name: row.from_model, version: Number(row.from_version) },
    to: row.to_model === null || row.to_version === null ? null : { name: row.to_model, version: Number(row.to_version) },
    outcome: row.outcome as RollbackOutcomeKind,
    reason: row.reason,
    signal: row.signal,
    value: row.value === null ? null : Number(row.value),
    threshold: Number(row.threshold),
  };
}
