import type { Kysely, Selectable } from 'kysely';
import type { RolloutStrategy } from '../core/rollouts/deployment-routing.ts';
import type { RolloutOutcome, RolloutRecord } from '../core/rollouts/rollout-record.ts';
import type { Database, RolloutsTable } from './schema.ts';

/** How a rollout ended, written once by the routing change that ends it. */
export interface RolloutEnding {
  readonly endedAt: string;
  readonly endedBy: string;
  readonly outcome: RolloutOutcome;
  readonly reason: string | null;
}

/** Every rollout started (migration 0019): inserted when it starts, its ending set once. */
export class RolloutRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(record: RolloutRecord): Promise<void> {
    await this.db
      .insertInto('rollouts')
      .values({
        id: record.id,
        deployment_name: record.deployment,
        strategy: record.strategy,
        candidate_version_id: record.candidateVersionId,
        candidate_model: record.candidate.name,
        candidate_version: record.candidate.version,
        stable_version_id: record.stableVersionId,
        stable_model: record.stable.name,
        stable_version: record.stable.version,
        options: JSON.stringify(record.options),
        started_at: record.startedAt,
        started_by: record.startedBy,
        ended_at: record.endedAt,
        ended_by: record.endedBy,
        outcome: record.outcome,
        reason: record.reason,
      })
      .execute();
  }

  /**
   * Records how a rollout ended; false when there is no such rollout or it had already ended (an
   * ending is never overwritten, so the first one to commit is the one on record).
   */
  async end(id: string, ending: RolloutEnding): Promise<boolean> {
    const result = await this.db
      .updateTable('rollouts')
      .set({ ended_at: ending.endedAt, ended_by: ending.endedBy, outcome: ending.outcome, reason: ending.reason })
      .where('id', '=', id)
      .where('outcome', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async findById(id: string): Promise<RolloutRecord | undefined> {
    const row = await this.db.selectFrom('rollouts').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  /** A deployment's rollouts, newest first (ids are ULIDs, so equal start times keep the order they were made in). */
  async listForDeployment(deployment: string, limit = 100): Promise<RolloutRecord[]> {
    const rows = await this.db
      .selectFrom('rollouts')
      .selectAll()
      .where('deployment_name', '=', deployment)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }
}

function toRecord(row: Selectable<RolloutsTable>): RolloutRecord {
  return {
    id: row.id,
    deployment: row.deployment_name,
    strategy: row.strategy as RolloutStrategy,
    candidateVersionId: row.candidate_version_id,
    candidate: { name: row.candidate_model, version: Number(row.candidate_version) },
    stableVersionId: row.stable_version_id,
    stable: { name: row.stable_model, version: Number(row.stable_version) },
    options: JSON.parse(row.options) as Record<string, unknown>,
    startedAt: row.started_at,
    startedBy: row.started_by,
    endedAt: row.ended_at,
    endedBy: row.ended_by,
    outcome: row.outcome as RolloutOutcome | null,
    reason: row.reason,
  };
}
