import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BallastError } from '../../core/errors.ts';
import { parsePipeline, type ParsedPipeline } from '../../core/pipelines/parse-pipeline.ts';
import { documentFormatOf } from '../../core/read-document-text.ts';

export interface LoadedPipeline extends ParsedPipeline {
  /** The pipeline file, absolute. */
  readonly file: string;
  /**
   * How runs name the pipeline: its path relative to the working directory, so `pipeline status`
   * run from the same place finds the runs of the same file.
   */
  readonly name: string;
  /** Where the steps run and their paths resolve: the file's directory, or the workspace given. */
  readonly dir: string;
  readonly bytes: Buffer;
}

/** The pipeline file `pipeline run`, `status` and `dag` read when none is named. */
export const DEFAULT_PIPELINE_FILE = 'pipeline.yaml';

/**
 * Reads and checks a pipeline file against its directory (`workspace` when given: a reproduction
 * runs a copy of the file in a directory of its own), so a dependency that is no file there and no
 * step's output, or a parameter missing from the params file, is reported with the rest.
 */
export async function loadPipeline(file: string, workspace?: string): Promise<LoadedPipeline> {
  const absolute = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    throw new BallastError('file_not_found', `${file}: cannot read the pipeline (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const dir = path.resolve(workspace ?? path.dirname(absolute));
  const parsed = parsePipeline(bytes.toString('utf8'), documentFormatOf(absolute), path.basename(absolute), {
    isFile: (relative) => isFile(path.join(dir, relative)),
    readText: (relative) => {
      try {
        return readFileSync(path.join(dir, relative), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  return { ...parsed, file: absolute, name: path.relative(process.cwd(), absolute) || path.basename(absolute), dir, bytes };
}

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
