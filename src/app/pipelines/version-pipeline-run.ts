import type { Store } from '../../store/store.ts';

/** The pipeline run that made a version, as its lineage shows it. */
export interface VersionPipelineRun {
  readonly runId: string;
  /** The step whose `register` section registered the version. */
  readonly step: string;
  /** The pipeline file as it was given to `pipeline run`. */
  readonly pipeline: string;
  readonly pipelineSha256: string;
  readonly status: 'succeeded' | 'failed';
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
  readonly startedAt: string;
  /** sha256 of each output of the registering step, the model file among them. */
  readonly outs: Readonly<Record<string, string>>;
}

/** The run a version came from, or undefined for a version registered by hand. */
export async function pipelineRunOfVersion(
  store: Pick<Store, 'provenance' | 'pipelineRuns'>,
  versionId: string,
): Promise<VersionPipelineRun | undefined> {
  const provenance = await store.provenance.find(versionId);
  if (provenance?.pipelineRunId == null) return undefined;
  const run = await store.pipelineRuns.find(provenance.pipelineRunId);
  if (run === undefined) return undefined;
  const step = run.steps.find((s) => s.name === provenance.pipelineStep);
  return {
    runId: run.id,
    step: provenance.pipelineStep ?? '',
    pipeline: run.pipeline,
    pipelineSha256: run.pipelineSha256,
    status: run.status,
    gitCommit: run.gitCommit,
    gitDirty: run.gitDirty,
    startedAt: run.startedAt,
    outs: step?.outs ?? {},
  };
}
