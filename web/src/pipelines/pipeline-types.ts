/** A recorded pipeline run as GET /v1/pipeline-runs answers it. */
export interface PipelineStepRun {
  readonly name: string;
  readonly cmd: string;
  readonly status: 'ran' | 'cached' | 'failed' | 'not_run';
  readonly step_hash: string;
  readonly deps: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly outs: Readonly<Record<string, string>>;
  readonly duration_ms: number;
  readonly registered: { readonly model: string; readonly version: number; readonly version_id: string } | null;
  readonly error: string | null;
}

export interface PipelineRun {
  readonly id: string;
  readonly pipeline: string;
  readonly pipeline_sha256: string;
  readonly status: 'succeeded' | 'failed';
  readonly git_commit: string | null;
  readonly git_dirty: boolean | null;
  readonly tools: { readonly node: string; readonly python: string | null; readonly pip_freeze_sha256: string | null };
  readonly params: Readonly<Record<string, unknown>>;
  readonly params_file: { readonly path: string; readonly sha256: string } | null;
  readonly reproduces: string | null;
  readonly started_at: string;
  readonly finished_at: string;
  readonly created_by: string;
  readonly steps: readonly PipelineStepRun[];
}
