import type { Kysely, Selectable } from 'kysely';
import { inputsFromStored } from '../core/logged-inputs.ts';
import type { RowOutput, ShadowOutcome, ShadowPredictionRecord } from '../core/shadow/shadow-record.ts';
import type { Database, ShadowPredictionsTable } from './schema.ts';
import type { VersionInputNames } from './version-input-names.ts';

/** A shadow row with the primary prediction it mirrors, when that was logged (log sampling may leave it out). */
export interface ShadowRowWithPrimary {
  readonly shadow: ShadowPredictionRecord;
  readonly primary?: {
    readonly versionId: string;
    readonly inputs: Record<string, unknown>;
    readonly output: RowOutput;
    readonly latencyMs: number;
  };
}

/** Shadow predictions (migration 0021): written in batches by the shadow mirror, never changed. */
export class ShadowRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly inputNames: VersionInputNames,
  ) {}

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

  /**
   * A page of `list`, each row joined to its primary prediction (one query: the report reads many
   * thousands of rows, and a lookup per page of ids would double the round trips).
   */
  async listWithPrimaries(
    deployment: string,
    options: { readonly from?: string; readonly to?: string; readonly after?: string; readonly limit: number },
  ): Promise<ShadowRowWithPrimary[]> {
    let query = this.db
      .selectFrom('shadow_predictions as s')
      .leftJoin('predictions as p', 'p.id', 's.primary_prediction_id')
      .selectAll('s')
      .select(['p.version_id as p_version_id', 'p.inputs as p_inputs', 'p.output as p_output', 'p.latency_ms as p_latency_ms'])
      .where('s.deployment_name', '=', deployment)
      .orderBy('s.id')
      .limit(options.limit);
    if (options.from !== undefined) query = query.where('s.at', '>=', options.from);
    if (options.to !== undefined) query = query.where('s.at', '<', options.to);
    if (options.after !== undefined) query = query.where('s.id', '>', options.after);
    const rows = await query.execute();
    const names = await this.inputNames.of(rows.flatMap((r) => (r.p_version_id === null ? [] : [r.p_version_id])));
    return rows.map((row) => {
      const shadow = toRecord(row);
      if (row.p_version_id === null || row.p_inputs === null || row.p_output === null) return { shadow };
      const stored: unknown = JSON.parse(row.p_inputs);
      const features = names.get(row.p_version_id) ?? (Array.isArray(stored) ? stored.map((_, i) => String(i)) : []);
      return {
        shadow,
        primary: {
          versionId: row.p_version_id,
          inputs: inputsFromStored(features, stored),
          output: JSON.parse(row.p_output) as RowOutput,
          latencyMs: Number(row.p_latency_ms),
        },
      };
    });
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
