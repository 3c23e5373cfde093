import type { Kysely, Selectable } from 'kysely';
import type { RowOutput, ShadowOutcome, ShadowPredictionRecord } from '../core/shadow/shadow-record.ts';
import type { Database, ShadowPredictionsTable } from './schema.ts';

/** Shadow predictions (migration 0021): written in batches by the shadow mirror, never changed. */
export class ShadowRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMany(records: readonly ShadowPredictionRecord[]): Promise<void> {
    // 10 columns × 500 rows stays inside SQLite's and PostgreSQL's bound-parameter limits.
    for (let i = 0; i < records.length; i += 500) {
      await this.db
        .insertInto('shadow_predictions')
        .values(
          records.slice(i, i + 500).map((r) => ({
            id: r.id,
            primary_prediction_id: r.primaryPredictionId,
            deployment_name: r.deploymentName,
            version_id: r.versionId,
            at: r.at,
            outcome: r.outcome,
            rows: r.rows,
            output: r.output === null ? null : JSON.stringify(r.output),
            error: r.error,
            latency_ms: r.latencyMs,
          })),
        )
        .execute();
    }
  }

  /**
   * A deployment's rows with `from <= at < to` (either bound optional), oldest first, at most
   * `limit`; `after` pages on by id.
   */
  async list(
    deployment: string,
    options: { readonly from?: string; readonly to?: string; readonly after?: string; readonly limit: number },
  ): Promise<ShadowPredictionRecord[]> {
    let query = this.db
      .selectFrom('shadow_predictions')
      .selectAll()
      .where('deployment_name', '=', deployment)
      .orderBy('id')
      .limit(options.limit);
    if (options.from !== undefined) query = query.where('at', '>=', options.from);
    if (options.to !== undefined) query = query.where('at', '<', options.to);
    if (options.after !== undefined) query = query.where('id', '>', options.after);
    return (await query.execute()).map(toRecord);
  }

  /** The shadow rows mirroring one primary prediction (one per shadow it was mirrored to). */
  async forPrimary(predictionId: string): Promise<ShadowPredictionRecord[]> {
    const rows = await this.db
      .selectFrom('shadow_predictions')
      .selectAll()
      .where('primary_prediction_id', '=', predictionId)
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }
}

function toRecord(row: Selectable<ShadowPredictionsTable>): ShadowPredictionRecord {
  return {
    id: row.id,
    primaryPredictionId: row.primary_prediction_id,
    deploymentName: row.deployment_name,
    versionId: row.version_id,
    at: row.at,
    outcome: row.outcome as ShadowOutcome,
    rows: Number(row.rows),
    output: row.output === null ? null : (JSON.parse(row.output) as RowOutput),
    error: row.error,
    latencyMs: row.latency_ms === null ? null : Number(row.latency_ms),
  };
}
