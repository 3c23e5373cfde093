import path from 'node:path';
import { BallastError } from '../../core/errors.ts';
import { SeededRandom } from '../../core/model-tests/seeded-random.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { TableChunk, TableRow } from '../../core/table.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import type { FeatureBatch } from '../../runtime/model-runtime.ts';
import type { AppContext } from '../context.ts';
import { dataFileFormat, readTableChunks } from '../data-files.ts';

/**
 * Rows a model-agnostic explainer compares against by default. shap's documentation suggests 50–100
 * background rows (or k-means centres) for KernelExplainer: the explanation's cost grows linearly
 * with them and its base value is already within a few percent of the full data's mean.
 */
export const DEFAULT_BACKGROUND_ROWS = 100;

export interface BackgroundSample {
  /** The sampled rows in signature order. */
  readonly batch: FeatureBatch;
  /** The same rows as read, every column of the file (for ranges and category values). */
  readonly table: TableChunk;
  /** Rows in the file the sample was drawn from. */
  readonly sourceRows: number;
}

/**
 * A uniform sample of `rows` rows of a data file (reservoir sampling, seeded), read in one pass so
 * a large snapshot is never held whole. Fewer rows than asked means the whole file.
 */
export async function sampleDataFile(
  file: string,
  inputs: ModelVersionRecord['signature']['inputs'],
  rows: number,
  seed: number,
  format = dataFileFormat(file),
): Promise<BackgroundSample> {
  const random = new SeededRandom(seed);
  const reservoir: TableRow[] = [];
  let columns: readonly string[] = [];
  let seen = 0;
  for await (const chunk of readTableChunks(file, { format })) {
    columns = chunk.columns;
    for (const row of chunk.rows) {
      if (reservoir.length < rows) reservoir.push(row);
      else {
        const slot = random.nextInt(seen + 1);
        if (slot < rows) reservoir[slot] = row;
      }
      seen++;
    }
  }
  // Keep the file's order: a sample that reads like the file is easier to check by eye.
  reservoir.sort((a, b) => a.row - b.row);
  const table = { columns, rows: reservoir };
  return { batch: buildFeatureBatch(inputs, table, path.basename(file)), table, sourceRows: seen };
}

/** A sample of a registered version's training snapshot; explain_unavailable when it has none. */
export async function sampleTrainingSnapshot(
  ctx: AppContext,
  version: ModelVersionRecord,
  rows = DEFAULT_BACKGROUND_ROWS,
  seed = 0,
): Promise<BackgroundSample> {
  const snapshot = version.snapshotId === null ? undefined : await ctx.store.snapshots.findById(version.snapshotId);
  if (snapshot === undefined) {
    throw new BallastError(
      'explain_unavailable',
      `${version.modelName}:${version.version} was registered without training data, so there is no background sample; register it with --training-data or pass --background FILE`,
    );
  }
  return sampleDataFile(ctx.artifacts.pathOf(snapshot.sha256), version.signature.inputs, rows, seed, dataFileFormat(snapshot.source));
}
