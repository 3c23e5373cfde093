import type { Kysely, Selectable } from 'kysely';
import type { GateCheck, GateVerdict, RolloutAnalysis } from '../core/rollouts/gate-verdict.ts';
import type { Database, RolloutAnalysesTable } from './schema.ts';

/** The gate analyses of rollout steps (migration 0020): written once, never changed. */
export class RolloutAnalysisRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(analysis: RolloutAnalysis): Promise<void> {
    await this.db
      .insertInto('rollout_analyses')
      .values({
        id: analysis.id,
        rollout_id: analysis.rolloutId,
        deployment_name: analysis.deployment,
        step_index: analysis.stepIndex,
        weight: analysis.weight,
        at: analysis.at,
        window_start: analysis.window.start,
        window_end: analysis.window.end,
        verdict: analysis.verdict,
        checks: JSON.stringify(analysis.checks),
      })
      .execute();
  }

  /** A rollout's analyses newest first (ids are ULIDs: creation order). */
  async listForRollout(rolloutId: string, limit = 500): Promise<RolloutAnalysis[]> {
    const rows = await this.db
      .selectFrom('rollout_analyses')
      .selectAll()
      .where('rollout_id', '=', rolloutId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toAnalysis);
  }

  /** The newest analysis of one step of a rollout, if any: the controller stores at most one a minute per step. */
  async latestForStep(rolloutId: string, stepIndex: number): Promise<RolloutAnalysis | undefined> {
    const row = await this.db
      .selectFrom('rollout_analyses')
      .selectAll()
      .where('rollout_id', '=', rolloutId)
      .where('step_index', '=', stepIndex)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toAnalysis(row);
  }
}

function toAnalysis(row: Selectable<RolloutAnalysesTable>): RolloutAnalysis {
  return {
    id: row.id,
    rolloutId: row.rollout_id,
    deployment: row.deployment_name,
    stepIndex: Number(row.step_index),
    weight: Number(row.weight),
    at: row.at,
    window: { start: row.window_start, end: row.window_end },
    verdict: row.verdict as GateVerdict,
    checks: JSON.parse(row.checks) as GateCheck[],
  };
}
