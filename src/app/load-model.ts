import { stat } from 'node:fs/promises';
import path from 'node:path';
import { detectModelFormat } from '../core/detect-model-format.ts';
import { BallastError } from '../core/errors.ts';
import type { ModelFormat } from '../core/signature.ts';
import { loadOptionsFor } from '../runtime/load-options.ts';
import { ModelLoadError, type LoadedModel, type LoadOptions, type ModelRuntime, type OutputOptions } from '../runtime/model-runtime.ts';
import type { AppContext } from './context.ts';
import { checkOutputOptions, outputOptionsOf } from './output-options.ts';
import { readModelFile } from './read-model-file.ts';
import { resolveModelRef } from './resolve-model.ts';

export interface ModelSource {
  readonly loaded: LoadedModel;
  /** `credit:3` for a registered version, the file path for a file. */
  readonly description: string;
}

export async function isModelFile(modelArg: string): Promise<boolean> {
  try {
    return (await stat(modelArg)).isFile();
  } catch {
    return false;
  }
}

/** Loads a model file directly, with no registry involved (offline scoring of a file). */
export async function loadModelFile(
  runtimes: Readonly<Record<ModelFormat, ModelRuntime>>,
  file: string,
  format?: ModelFormat,
  options: LoadOptions = {},
  maxArtifactBytes?: number,
): Promise<ModelSource> {
  const fileName = path.basename(file);
  const bytes = await readModelFile(file, maxArtifactBytes);
  if (bytes.byteLength === 0) throw new BallastError('invalid_model', `${fileName}: the model file is empty`);
  const detected = detectModelFormat(bytes.subarray(0, 4096), fileName);
  if (format !== undefined && format !== detected)
    throw new BallastError('format_mismatch', `${fileName}: --format ${format} was given but the file is a ${detected} model`);
  const output = outputOptionsOf(options.output ?? {});
  const loaded = await loadBytes(runtimes[detected], bytes, fileName, { ...options, ...(output ? { output } : {}) });
  try {
    checkOutputOptions(loaded.signature, output ?? {}, fileName);
  } catch (error) {
    await loaded.close();
    throw error;
  }
  return { loaded, description: file };
}

/**
 * Loads a registered version from the artifact store; the artifact's hash is checked on the way.
 * It is read as it was registered: output options given now are refused, not silently ignored.
 */
export async function loadRegisteredModel(ctx: AppContext, ref: string, output: OutputOptions = {}): Promise<ModelSource> {
  if (outputOptionsOf(output) !== undefined) {
    throw new BallastError(
      'invalid_argument',
      `${ref}: --task, --classes and --scores are for a model file; a registered version is read as it was registered`,
    );
  }
  const { model, version } = await resolveModelRef(ctx.store, ref);
  const bytes = await ctx.artifacts.read(version.artifactSha256);
  const loaded = await loadBytes(
    ctx.runtimes[version.format],
    bytes,
    `${model.name}:${version.version}`,
    loadOptionsFor(version.signature),
  );
  return { loaded, description: `${model.name}:${version.version}` };
}

async function loadBytes(runtime: ModelRuntime, bytes: Uint8Array, what: string, options: LoadOptions): Promise<LoadedModel> {
  try {
    return await runtime.load(bytes, options);
  } catch (error) {
    if (error instanceof ModelLoadError) throw new BallastError('invalid_model', `${what}: ${error.message}`);
    throw error;
  }
}
