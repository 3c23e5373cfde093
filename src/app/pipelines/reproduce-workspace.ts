import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BallastError } from '../../core/errors.ts';
import type { PipelineRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import type { ArtifactStore } from '../../store/artifact-store.ts';

/** What a run's clean copy holds, by path relative to the workspace. */
export interface PreparedWorkspace {
  /** The pipeline file written into the workspace. */
  readonly pipelineFile: string;
  /** Every file copied in, with its sha256: the pipeline file, the params file and the sources. */
  readonly files: Readonly<Record<string, string>>;
}

/**
 * Writes into `workspace` (an empty directory) exactly what a recorded run started from: its
 * pipeline file, its params file and its sources (the dependencies no step wrote), each from the
 * artifact store by the sha256 the run recorded. Nothing else of the original directory comes
 * along, so a step that reads a file it does not declare fails here instead of passing by luck.
 */
export async function prepareReproduceWorkspace(
  artifacts: ArtifactStore,
  record: PipelineRunRecord,
  workspace: string,
): Promise<PreparedWorkspace> {
  const pipelineFile = path.basename(record.pipeline);
  const files: Record<string, string> = { [pipelineFile]: record.pipelineSha256 };
  if (record.paramsFile !== undefined) files[record.paramsFile.path] = record.paramsFile.sha256;
  const written = new Set(record.steps.flatMap((step) => Object.keys(step.outs)));
  for (const step of record.steps) {
    for (const [dep, sha256] of Object.entries(step.deps)) {
      if (written.has(dep)) continue;
      if (files[dep] !== undefined && files[dep] !== sha256)
        throw new BallastError('invalid_argument', `run ${record.id} recorded two different contents for ${dep}; it cannot be reproduced`);
      files[dep] = sha256;
    }
  }
  for (const [file, sha256] of Object.entries(files)) {
    const target = insideWorkspace(workspace, file, record.id);
    let bytes: Buffer;
    try {
      bytes = await artifacts.read(sha256);
    } catch (error) {
      if (error instanceof BallastError && error.code === 'artifact_not_found')
        throw new BallastError(
          'artifact_not_found',
          `run ${record.id} started from ${file} (sha256 ${sha256}), which is no longer in the artifact store`,
        );
      throw error;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  return { pipelineFile: path.join(workspace, pipelineFile), files };
}

/** A recorded path inside the workspace; a record naming a path outside it is refused, never followed. */
function insideWorkspace(workspace: string, file: string, runId: string): string {
  const target = path.resolve(workspace, file);
  if (path.isAbsolute(file) || !target.startsWith(path.resolve(workspace) + path.sep))
    throw new BallastError(
      'invalid_argument',
      `run ${runId} names ${file}, a path outside its pipeline's directory; it cannot be copied into a clean workspace`,
    );
  return target;
}
