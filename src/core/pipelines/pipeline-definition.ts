/**
 * A training pipeline (format `ballast.pipeline/v1`, docs/pipelines.md) after validation, and the
 * record of one run of it. DVC's model: each step declares its command, the files it reads (`deps`),
 * the parameters it uses and the files it writes (`outs`); a step whose command, dependencies'
 * content and parameters are unchanged is restored from the cache by content hash instead of run.
 */

export interface RegisterStep {
  readonly model: string;
  /** The model artifact, one of the step's `outs`. */
  readonly file: string;
  /** The training data, a file of the pipeline (a dependency or an output). */
  readonly trainingData?: string;
  readonly label?: string;
  readonly alias?: string;
}

export interface PipelineStep {
  readonly name: string;
  readonly cmd: string;
  /** Paths relative to the pipeline file's directory. */
  readonly deps: readonly string[];
  /** Names of keys of the parameters file (dotted for nested keys). */
  readonly params: readonly string[];
  readonly outs: readonly string[];
  readonly register?: RegisterStep;
}

export interface PipelineDefinition {
  readonly format: 'ballast.pipeline/v1';
  /** The parameters file (YAML or JSON), relative to the pipeline file. */
  readonly paramsFile?: string;
  /** In the order written; run order comes from the dependency graph. */
  readonly steps: readonly PipelineStep[];
}

export type StepStatus = 'ran' | 'cached' | 'failed' | 'not_run';

export interface StepRunRecord {
  readonly name: string;
  readonly cmd: string;
  readonly status: StepStatus;
  /** sha256 of the step's command, dependencies' hashes and parameter values: its cache key. */
  readonly stepHash: string;
  readonly deps: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly outs: Readonly<Record<string, string>>;
  readonly durationMs: number;
  /** The version a `register` step made. */
  readonly registered?: { readonly model: string; readonly version: number; readonly versionId: string };
  /** The tail of the step's output when it failed. */
  readonly error?: string;
}

export interface ToolVersions {
  readonly node: string;
  readonly python: string | null;
  /** sha256 of `pip freeze`, so two runs can tell whether their Python packages differed. */
  readonly pipFreezeSha256: string | null;
}

export interface PipelineRunRecord {
  readonly id: string;
  /** The pipeline file's path as given (relative to the working directory). */
  readonly pipeline: string;
  /** sha256 of the pipeline file's bytes; the file itself is kept in the artifact store. */
  readonly pipelineSha256: string;
  readonly gitCommit: string | null;
  readonly gitDirty: boolean | null;
  readonly tools: ToolVersions;
  readonly params: Readonly<Record<string, unknown>>;
  /** The parameters file as it was (its bytes are in the artifact store), so a run can be reproduced from its record. */
  readonly paramsFile?: { readonly path: string; readonly sha256: string };
  readonly steps: readonly StepRunRecord[];
  readonly status: 'succeeded' | 'failed';
  /** Set when this run reproduced another (`ballast pipeline reproduce`). */
  readonly reproduces?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly createdBy: string;
}
