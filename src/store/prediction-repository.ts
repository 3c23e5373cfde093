import type { Kysely, Selectable } from 'kysely';
import { inputsFromStored, inputValues } from '../core/logged-inputs.ts';
import { ANSWER_ROLES, type AnswerRole } from '../core/rollouts/deployment-routing.ts';
import type { PredictionEnrichment } from '../core/features/enrich-rows.ts';
import type { FlaggedViolation, PredictionLogRecord } from '../core/serving-records.ts';
import type { Database, PredictionsTable } from './schema.ts';
import type { VersionInputNames } from './version-input-names.ts';

export class PredictionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly inputNames: VersionInputNames,
  ) {}

  /** Many records in one statement: the group commit writes a whole batch of requests at once. */
  async insertMany(records: readonly PredictionLogRecord[]): Promise<void> {
    // SQLite limits bound parameters per statement (32766); 14 columns × 500 rows stays well inside.
    for (let i = 0; i < records.length; i += 500) {
      await this.db
        .insertInto('predictions')
        .values(
          records.slice(i, i + 500).map((r) => ({
            id: r.id,
            at: r.at,
            deployment_id: r.deploymentId,
            deployment_name: r.deploymentName,
            version_id: r.versionId,
            model_name: r.modelName,
            model_version: r.modelVersion,
            request_id: r.requestId,
            inputs: JSON.stringify(inputValues(r.features, r.inputs)),
            output: JSON.stringify(r.output),
            latency_ms: r.latencyMs,
            violations: r.violations && r.violations.length > 0 ? JSON.stringify(r.violations) : null,
            // Absent is stable (serving-records.ts); null is left to rows written before roles.
            role: r.role ?? 'stable',
            enrichment: r.enrichment ? JSON.stringify(r.enrichment) : null,
          })),
        )
        .execute();
    }
  }

  async findById(id: string): Promise<PredictionLogRecord | undefined> {
    const row = await this.db.selectFrom('predictions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && (await toPredictionLogRecords([row], this.inputNames))[0];
  }

  /** Newest first; `before` pages backwards by id (ids are time-ordered ULIDs). */
  async list(options: {
    deployment?: string;
    requestId?: string;
    before?: string;
    flagged?: boolean;
    limit: number;
  }): Promise<PredictionLogRecord[]> {
    let query = this.db.selectFrom('predictions').selectAll().orderBy('id', 'desc').limit(options.limit);
    if (options.deployment !== undefined) query = query.where('deployment_name', '=', options.deployment);
    if (options.requestId !== undefined) query = query.where('request_id', '=', options.requestId);
    if (options.before !== undefined) query = query.where('id', '<', options.before);
    if (options.flagged) query = query.where('violations', 'is not', null);
    return toPredictionLogRecords(await query.execute(), this.inputNames);
  }

  /** Which of these prediction ids are in the table. */
  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('predictions')
        .select('id')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const row of rows) found.add(row.id);
    }
    return found;
  }

  async count(deployment?: string): Promise<number> {
    let query = this.db.selectFrom('predictions').select((eb) => eb.fn.countAll<number>().as('n'));
    if (deployment !== undefined) query = query.where('deployment_name', '=', deployment);
    return Number((await query.executeTakeFirst())?.n ?? 0);
  }
}

/** Prediction-log rows as the app sees them (the monitoring repository reads the log too). */
export async function toPredictionLogRecords(
  rows: readonly Selectable<PredictionsTable>[],
  inputNames: VersionInputNames,
): Promise<PredictionLogRecord[]> {
  const names = await inputNames.of(rows.map((row) => row.version_id));
  return rows.map((row) => {
    const stored: unknown = JSON.parse(row.inputs);
    // A version missing from the registry (none is ever deleted; a partly restored database) still
    // leaves its predictions readable: the values are named by position.
    const features = names.get(row.version_id) ?? (Array.isArray(stored) ? stored.map((_, i) => String(i)) : []);
    return {
      id: row.id,
      at: row.at,
      deploymentId: row.deployment_id,
      deploymentName: row.deployment_name,
      versionId: row.version_id,
      modelName: row.model_name,
      modelVersion: Number(row.model_version),
      requestId: row.request_id,
      features,
      inputs: inputsFromStored(features, stored),
      output: JSON.parse(row.output) as Record<string, unknown>,
      latencyMs: Number(row.latency_ms),
      ...(row.violations ? { violations: JSON.parse(row.violations) as FlaggedViolation[] } : {}),
      // Null: logged before roles were recorded; such a row stays without a role rather than guessing one.
      ...(row.role !== null && isAnswerRole(row.role) ? { role: row.role } : {}),
      ...(row.enrichment ? { enrichment: JSON.parse(row.enrichment) as PredictionEnrichment } : {}),
    };
  });
}

function isAnswerRole(value: string): value is AnswerRole {
  return (ANSWER_ROLES as readonly string[]).includes(value);
}
