import type { Kysely } from 'kysely';
import type { PipelineRunRecord } from '../core/pipelines/pipeline-definition.ts';
import type { Database } from './schema.ts';

export interface CachedStep {
  readonly stepHash: string;
  readonly stepName: string;
  /** Output path -> sha256; the bytes are in the artifact store under that hash. */
  readonly outs: Readonly<Record<string, string>>;
  readonly runId: string;
  readonly createdAt: string;
}

/** Pipeline runs and the step cache (migration 0027). */
export class PipelineRunRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async save(record: PipelineRunRecord): Promise<void> {
    await this.db
      .insertInto('pipeline_runs')
      .values({
        id: record.id,
        pipeline: record.pipeline,
        status: record.status,
        record: JSON.stringify(record),
        reproduces: record.reproduces ?? null,
        started_at: record.startedAt,
        finished_at: record.finishedAt,
        created_by: record.createdBy,
      })
      .execute();
  }

  async find(id: string): Promise<PipelineRunRecord | undefined> {
    const row = await this.db.selectFrom('pipeline_runs').select('record').where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : (JSON.parse(row.record) as PipelineRunRecord);
  }

  /** Newest first; of one pipeline file when `pipeline` is given. */
  async list(options: { pipeline?: string; limit?: number } = {}): Promise<PipelineRunRecord[]> {
    let query = this.db.selectFrom('pipeline_runs').select('record').orderBy('started_at', 'desc').orderBy('id', 'desc');
    if (options.pipeline !== undefined) query = query.where('pipeline', '=', options.pipeline);
    const rows = await query.limit(options.limit ?? 50).execute();
    return rows.map((row) => JSON.parse(row.record) as PipelineRunRecord);
  }

  async cached(stepHash: string): Promise<CachedStep | undefined> {
    const row = await this.db.selectFrom('pipeline_step_cache').selectAll().where('step_hash', '=', stepHash).executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      stepHash: row.step_hash,
      stepName: row.step_name,
      outs: JSON.parse(row.outs) as Record<string, string>,
      runId: row.run_id,
      createdAt: row.created_at,
    };
  }

  /** Records a step's outputs under its hash; a hash already cached keeps its first entry. */
  async cache(entry: CachedStep): Promise<void> {
    await this.db
      .insertInto('pipeline_step_cache')
      .values({
        step_hash: entry.stepHash,
        step_name: entry.stepName,
        outs: JSON.stringify(entry.outs),
        run_id: entry.runId,
        created_at: entry.createdAt,
      })
      .onConflict((oc) => oc.column('step_hash').doNothing())
      .execute();
  }
}
