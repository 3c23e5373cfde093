import type { PipelineRunRecord } from './pipeline-definition.ts';

/** One output of a recorded run beside the same output of its rerun. */
export interface ReproducedFile {
  readonly step: string;
  readonly path: string;
  readonly recorded: string;
  /** null when the rerun did not write it (its step failed or did not run). */
  readonly reproduced: string | null;
}

export interface RunComparison {
  /** Every recorded output has the same sha256 in the rerun. */
  readonly identical: boolean;
  /** In the recorded run's step order, then by path. */
  readonly files: readonly ReproducedFile[];
  /** The outputs whose bytes differ or are missing: what a nondeterministic step is found by. */
  readonly differing: readonly ReproducedFile[];
}

/**
 * Compares the outputs a run recorded with those of its rerun, output by output: the same path
 * must have the same content hash. Outputs the rerun wrote that the record lacks (a step that
 * failed the first time) do not make the rerun differ, since nothing recorded is contradicted.
 */
export function compareRunOutputs(recorded: PipelineRunRecord, rerun: Pick<PipelineRunRecord, 'steps'>): RunComparison {
  const rerunOuts = new Map(rerun.steps.map((step) => [step.name, step.outs]));
  const files = recorded.steps.flatMap((step) =>
    Object.keys(step.outs)
      .sort()
      .map((file) => ({ step: step.name, path: file, recorded: step.outs[file]!, reproduced: rerunOuts.get(step.name)?.[file] ?? null })),
  );
  const differing = files.filter((f) => f.reproduced !== f.recorded);
  return { identical: differing.length === 0, files, differing };
}
