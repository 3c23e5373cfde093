import type { Kysely } from 'kysely';
import type { TrainingSetProvenance, VersionProvenance } from '../core/features/provenance.ts';
import type { Database } from './schema.ts';

export interface StoredTrainingSet {
  readonly sha256: string;
  readonly provenance: TrainingSetProvenance;
  /** The path it was written to, for messages. */
  readonly output: string;
  readonly rows: number;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** What versions were made from: training sets and pipeline runs (migration 0027). */
export class ProvenanceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async find(versionId: string): Promise<VersionProvenance | undefined> {
    const row = await this.db.selectFrom('version_provenance').selectAll().where('version_id', '=', versionId).executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      versionId: row.version_id,
      trainingSet: row.training_set === null ? null : (JSON.parse(row.training_set) as TrainingSetProvenance),
      pipelineRunId: row.pipeline_run_id,
      pipelineStep: row.pipeline_step,
    };
  }

  /** Records a version's provenance; fields given as undefined keep what is stored. */
  async save(entry: {
    versionId: string;
    trainingSet?: TrainingSetProvenance | null;
    pipelineRunId?: string | null;
    pipelineStep?: string | null;
  }): Promise<void> {
    const before = await this.find(entry.versionId);
    const row = {
      version_id: entry.versionId,
      feature_set_version: (entry.trainingSet !== undefined ? entry.trainingSet : before?.trainingSet)?.featureSetVersion ?? null,
      training_set: JSON.stringify((entry.trainingSet !== undefined ? entry.trainingSet : before?.trainingSet) ?? null),
      pipeline_run_id: entry.pipelineRunId !== undefined ? entry.pipelineRunId : (before?.pipelineRunId ?? null),
      pipeline_step: entry.pipelineStep !== undefined ? entry.pipelineStep : (before?.pipelineStep ?? null),
    };
    if (row.training_set === 'null') row.training_set = null as unknown as string;
    await this.db.deleteFrom('version_provenance').where('version_id', '=', entry.versionId).execute();
    await this.db.insertInto('version_provenance').values(row).execute();
  }

  /** Records a training set written by `ballast features training-set`, by its bytes' sha256. */
  async saveTrainingSet(entry: StoredTrainingSet): Promise<void> {
    await this.db
      .insertInto('training_sets')
      .values({
        sha256: entry.sha256,
        provenance: JSON.stringify(entry.provenance),
        output: entry.output,
        rows: entry.rows,
        created_by: entry.createdBy,
        created_at: entry.createdAt,
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  /** The training set whose bytes have this hash, when Ballast wrote one. */
  async findTrainingSet(sha256: string): Promise<StoredTrainingSet | undefined> {
    const row = await this.db.selectFrom('training_sets').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      sha256: row.sha256,
      provenance: JSON.parse(row.provenance) as TrainingSetProvenance,
      output: row.output,
      rows: Number(row.rows),
      createdBy: row.created_by,
      createdAt: row.created_at,
    };
  }

  /** Versions registered by a pipeline run. */
  async versionsOfRun(runId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('version_provenance').select('version_id').where('pipeline_run_id', '=', runId).execute();
    return rows.map((r) => r.version_id);
  }
}
