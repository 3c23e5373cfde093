import path from 'node:path';
import type { ExplainMethod } from '../../core/explain/explanation.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { ModelFormat } from '../../core/signature.ts';
import { isMissing, type TableChunk } from '../../core/table.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import type { LoadedModel, ModelRuntime } from '../../runtime/model-runtime.ts';
import type { AppContext } from '../context.ts';
import { readTableChunks } from '../data-files.ts';
import { loadModelFile, loadRegisteredModel } from '../load-model.ts';
import { resolveModelRef } from '../resolve-model.ts';
import { DEFAULT_BACKGROUND_ROWS, sampleDataFile } from './background-sample.ts';
import { chooseExplainer, type ChosenExplainer } from './choose-explainer.ts';
import { DEFAULT_REASONS, explainRows } from './explain-rows.ts';
import { trainingBackground } from './explain-background.ts';
import { signatureWording, versionWording, type ExplainWording } from './explain-wording.ts';

export interface ExplainFileOptions {
  /** A model file, or a registered NAME, NAME@alias or NAME:version (then `ctx` is needed). */
  readonly model: string;
  readonly ctx?: AppContext;
  readonly runtimes: Readonly<Record<ModelFormat, ModelRuntime>>;
  /** Rows to explain: CSV with a header, or JSON Lines. */
  readonly input: string;
  /** Receives JSON Lines text, one explanation per input row, in input order. */
  readonly write: (text: string) => Promise<void> | void;
  /** Reasons per row (default 3). */
  readonly top?: number;
  readonly method?: ExplainMethod;
  /** Rows to compare against; default: a sample of a registered version's training snapshot. */
  readonly background?: string;
  readonly samples?: number;
  readonly seed?: number;
  /** Told which explainer was chosen before the first row is written (the CLI says a fallback on stderr). */
  readonly onExplainer?: (chosen: ChosenExplainer, description: string) => void;
}

/** Rows explained per model call: explaining costs many model calls per row, so chunks stay small. */
const CHUNK_ROWS = 256;

/**
 * Offline explanations (`ballast explain`): one explanation object per row of the file, in input
 * order, streamed chunk by chunk so memory stays bounded whatever the file's size.
 */
export async function explainFile(options: ExplainFileOptions): Promise<{ rows: number; description: string }> {
  const opened = await openModel(options);
  try {
    const { model } = opened;
    const background = options.background
      ? await sampleDataFile(options.background, model.signature.inputs, DEFAULT_BACKGROUND_ROWS, options.seed ?? 0)
      : opened.version && options.ctx
        ? await trainingBackground(options.ctx, opened.version, DEFAULT_BACKGROUND_ROWS, options.seed ?? 0)
        : undefined;
    const chosen = chooseExplainer(model, {
      method: options.method,
      background: background?.batch,
      samples: options.samples,
      seed: options.seed,
    });
    options.onExplainer?.(chosen, opened.description);
    const subject = { model, chosen, wording: opened.wording };
    const source = path.basename(options.input);
    const inputs = model.signature.inputs;
    let rows = 0;
    for await (const chunk of readTableChunks(options.input, { chunkRows: CHUNK_ROWS, columns: inputs.map((input) => input.name) })) {
      const batch = buildFeatureBatch(inputs, chunk, source); // also reports missing columns of an empty file
      if (chunk.rows.length === 0) continue;
      const explanations = await explainRows(subject, batch, shownValues(chunk, inputs), options.top ?? DEFAULT_REASONS);
      await options.write(explanations.map((e) => `${JSON.stringify(e)}\n`).join(''));
      rows += chunk.rows.length;
    }
    return { rows, description: opened.description };
  } finally {
    await opened.model.close();
  }
}

interface OpenedModel {
  readonly model: LoadedModel;
  readonly description: string;
  readonly wording: ExplainWording;
  readonly version?: ModelVersionRecord;
}

async function openModel(options: ExplainFileOptions): Promise<OpenedModel> {
  if (options.ctx === undefined) {
    const { loaded, description } = await loadModelFile(options.runtimes, options.model);
    return { model: loaded, description, wording: signatureWording(loaded.signature) };
  }
  const { model, version } = await resolveModelRef(options.ctx.store, options.model);
  const { loaded, description } = await loadRegisteredModel(options.ctx, `${model.name}:${version.version}`);
  try {
    return { model: loaded, description, version, wording: await versionWording(options.ctx, version) };
  } catch (error) {
    await loaded.close();
    throw error;
  }
}

/** Each row's feature values as the file gives them (text from CSV, JSON values from JSON Lines), missing as null. */
function shownValues(chunk: TableChunk, inputs: readonly { name: string }[]): unknown[][] {
  const positions = inputs.map((input) => chunk.columns.indexOf(input.name));
  return chunk.rows.map(({ cells }) => positions.map((p) => (p < 0 || isMissing(cells[p] ?? null) ? null : cells[p])));
}
