import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { BallastError } from '../../core/errors.ts';
import { stepHashInput, type StepInputs } from '../../core/pipelines/step-state.ts';
import type { ArtifactStore } from '../../store/artifact-store.ts';
import { fileSha256 } from '../features/read-source.ts';
import { isFile } from './load-pipeline.ts';

/** A step's cache key: the sha256 of its command, dependencies' hashes, parameters' values and outputs' names. */
export function stepHashOf(inputs: StepInputs): string {
  return createHash('sha256').update(stepHashInput(inputs)).digest('hex');
}

/** A file's sha256, or null when it is not there. */
export async function hashIfPresent(file: string): Promise<string | null> {
  return isFile(file) ? fileSha256(file) : null;
}

/**
 * Keeps each file in the artifact store and returns its sha256 by path: a step's outputs (the cache
 * restores them from there) and the pipeline's source files (a reproduction copies them from there).
 */
export async function storeFiles(artifacts: ArtifactStore, dir: string, files: readonly string[]): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of files) hashes[file] = (await artifacts.putFile(path.join(dir, file))).sha256;
  return hashes;
}

/** Whether every output of a cache entry is still in the artifact store (a pruned store means running the step again). */
export async function allStored(artifacts: ArtifactStore, outs: Readonly<Record<string, string>>): Promise<boolean> {
  for (const sha256 of Object.values(outs)) if (!(await artifacts.has(sha256))) return false;
  return true;
}

/**
 * Puts a cached step's outputs back in the directory. A file that already has the cached bytes is
 * left alone; another is replaced by a copy written beside it and renamed into place, so a reader
 * never sees half a file, then checked against its hash (a damaged store is reported, not restored).
 */
export async function restoreFiles(artifacts: ArtifactStore, dir: string, outs: Readonly<Record<string, string>>): Promise<void> {
  for (const [file, sha256] of Object.entries(outs)) {
    const target = path.join(dir, file);
    if ((await hashIfPresent(target)) === sha256) continue;
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.ballast-restore`;
    await copyFile(artifacts.pathOf(sha256), temp);
    // The store keeps blobs read-only; a restored output is the user's file again.
    await chmod(temp, 0o644);
    const copied = await fileSha256(temp);
    if (copied !== sha256) {
      await rm(temp, { force: true });
      throw new BallastError('artifact_corrupt', `the cached ${file} (artifact ${sha256}) now hashes to ${copied}; run with --no-cache`);
    }
    await rename(temp, target);
  }
}

/** Removes a step's declared outputs before it runs, so an output it fails to write is noticed rather than left over. */
export async function removeFiles(dir: string, files: readonly string[]): Promise<void> {
  for (const file of files) await rm(path.join(dir, file), { force: true });
}
