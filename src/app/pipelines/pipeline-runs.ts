import { BallastError } from '../../core/errors.ts';
import type { PipelineRunRecord, StepRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import type { AppContext } from '../context.ts';

/** Recorded pipeline runs, newest first; of one pipeline file when `pipeline` is given as it was run. */
export async function listPipelineRuns(ctx: AppContext, options: { pipeline?: string; limit?: number } = {}): Promise<PipelineRunRecord[]> {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new BallastError('invalid_argument', `limit must be a whole number from 1 to 1000, not ${limit}`);
  return ctx.store.pipelineRuns.list({ ...(options.pipeline !== undefined ? { pipeline: options.pipeline } : {}), limit });
}

export async function findPipelineRun(ctx: AppContext, id: string): Promise<PipelineRunRecord> {
  const run = await ctx.store.pipelineRuns.find(id);
  if (run === undefined)
    throw new BallastError('pipeline_run_not_found', `no pipeline run has id ${JSON.stringify(id)}; "ballast pipeline runs" lists them`);
  return run;
}

/** A run on the wire and in `--json`: snake_case, steps in run order. */
export function pipelineRunView(run: PipelineRunRecord) {
  return {
    id: run.id,
    pipeline: run.pipeline,
    pipeline_sha256: run.pipelineSha256,
    status: run.status,
    git_commit: run.gitCommit,
    git_dirty: run.gitDirty,
    tools: { node: run.tools.node, python: run.tools.python, pip_freeze_sha256: run.tools.pipFreezeSha256 },
    params: run.params,
    params_file: run.paramsFile === undefined ? null : { path: run.paramsFile.path, sha256: run.paramsFile.sha256 },
    reproduces: run.reproduces ?? null,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    created_by: run.createdBy,
    steps: run.steps.map(stepView),
  };
}

function stepView(step: StepRunRecord) {
  return {
    name: step.name,
    cmd: step.cmd,
    status: step.status,
    step_hash: step.stepHash,
    deps: step.deps,
    params: step.params,
    outs: step.outs,
    duration_ms: step.durationMs,
    registered:
      step.registered === undefined
        ? null
        : { model: step.registered.model, version: step.registered.version, version_id: step.registered.versionId },
    error: step.error ?? null,
  };
}
