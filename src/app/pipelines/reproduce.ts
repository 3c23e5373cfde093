import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compareRunOutputs, type ReproducedFile } from '../../core/pipelines/compare-run-outputs.ts';
import { BallastError } from '../../core/errors.ts';
import type { PipelineRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import type { AppContext } from '../context.ts';
import { resolveModelRef } from '../resolve-model.ts';
import { prepareReproduceWorkspace } from './reproduce-workspace.ts';

/** The pipeline runner (run-pipeline.ts), passed in so a reproduction can be tested on its own. */
export type PipelineRunner = (
  ctx: AppContext,
  options: { readonly file: string; readonly noCache: true; readonly workspace: string; readonly reproduces: string },
) => Promise<PipelineRunRecord>;

export interface Reproduction {
  readonly model: string;
  readonly version: number;
  /** The run that registered the version. */
  readonly runId: string;
  /** The rerun, recorded with `reproduces` set to `runId`. */
  readonly reproducedRunId: string;
  readonly identical: boolean;
  readonly files: readonly ReproducedFile[];
  readonly differing: readonly ReproducedFile[];
  /** The version's model file among the outputs. */
  readonly artifact: ReproducedFile | undefined;
}

/**
 * `ballast pipeline reproduce MODEL:V`: reruns the pipeline run that registered a version, every
 * step and none from the cache, in a clean temporary directory holding only what the run recorded
 * (its pipeline file, params file and sources, from the artifact store), without registering
 * anything, and compares each output's hash with the recorded one. A trainer that is not
 * deterministic is found this way: its output's hash differs.
 */
export async function reproduceVersion(ctx: AppContext, ref: string, run: PipelineRunner): Promise<Reproduction> {
  const { model, version } = await resolveModelRef(ctx.store, ref);
  const name = `${model.name}:${version.version}`;
  const provenance = await ctx.store.provenance.find(version.id);
  if (provenance?.pipelineRunId == null)
    throw new BallastError(
      'pipeline_run_not_found',
      `${name} was not registered by a pipeline run, so there is no run to reproduce (versions made by a register step of a pipeline can be)`,
    );
  const recorded = await ctx.store.pipelineRuns.find(provenance.pipelineRunId);
  if (recorded === undefined)
    throw new BallastError(
      'pipeline_run_not_found',
      `${name} was registered by pipeline run ${provenance.pipelineRunId}, which is not recorded`,
    );

  const workspace = await mkdtemp(path.join(tmpdir(), 'ballast-reproduce-'));
  let rerun: PipelineRunRecord;
  try {
    const prepared = await prepareReproduceWorkspace(ctx.artifacts, recorded, workspace);
    rerun = await run(ctx, { file: prepared.pipelineFile, noCache: true, workspace, reproduces: recorded.id });
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
  const comparison = compareRunOutputs(recorded, rerun);
  return {
    model: model.name,
    version: version.version,
    runId: recorded.id,
    reproducedRunId: rerun.id,
    ...comparison,
    artifact: comparison.files.find((f) => f.step === provenance.pipelineStep && f.recorded === version.artifactSha256),
  };
}
