import type { Kysely } from 'kysely';
import type { TrainingSetProvenance, VersionProvenance } from '../core/features/provenance.ts';
import type { Database } from './schema.ts';

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

  /** Versions registered by a pipeline run. */
  async versionsOfRun(runId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('version_provenance').select('version_id').where('pipeline_run_id', '=', runId).execute();
    return rows.map((r) => r.version_id);
  }
}
