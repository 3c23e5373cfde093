import type { VersionPipelineRun } from '../../app/pipelines/version-pipeline-run.ts';
import { freeObject, nullableStr, obj, str } from './wire-schema.ts';

/** The pipeline run that registered a version, in its lineage (GET /v1/models/{name}/versions/{version}). */
export function versionPipelineRunView(r: VersionPipelineRun) {
  return {
    run_id: r.runId,
    step: r.step,
    pipeline: r.pipeline,
    pipeline_sha256: r.pipelineSha256,
    status: r.status,
    git_commit: r.gitCommit,
    git_dirty: r.gitDirty,
    started_at: r.startedAt,
    outs: r.outs,
  };
}

export const versionPipelineRunSchema = obj(
  {
    run_id: str,
    step: str,
    pipeline: str,
    pipeline_sha256: str,
    status: str,
    git_commit: nullableStr,
    git_dirty: { type: ['boolean', 'null'] },
    started_at: str,
    // Keyed by the pipeline's output paths: the user's names, passed through.
    outs: freeObject,
  },
  { nullable: true, description: 'The pipeline run whose register step made this version (ballast pipeline run), or null.' },
);
