import path from 'node:path';
import { ColumnTypeAccumulator } from '../core/column-types.ts';
import { BallastError } from '../core/errors.ts';
import type { SnapshotColumn } from '../core/registry-records.ts';
import type { FeatureSpec } from '../core/signature.ts';
import { buildFeatureBatch } from '../runtime/build-feature-batch.ts';
import { readTableChunks } from './data-files.ts';

export interface TrainingDataSummary {
  readonly rowCount: number;
  readonly columns: readonly SnapshotColumn[];
}

/** The columns of a data file, read from its header without reading the rest. */
export async function readColumnNames(file: string): Promise<readonly string[]> {
  for await (const chunk of readTableChunks(file, { chunkRows: 1 })) return chunk.columns;
  return [];
}

/**
 * Reads a training file once: infers its column types, counts its rows, and checks that every row
 * gives the model's features in a form the model can take — so a snapshot that is registered is
 * one the model could have been trained on.
 */
export async function summariseTrainingData(
  file: string,
  inputs: readonly FeatureSpec[],
  labelColumn: string | undefined,
  onBytes?: (done: number, total: number) => void,
): Promise<TrainingDataSummary> {
  const source = path.basename(file);
  let types: ColumnTypeAccumulator | undefined;
  let rowCount = 0;
  for await (const chunk of readTableChunks(file, { onBytes })) {
    if (types === undefined) {
      if (labelColumn !== undefined && !chunk.columns.includes(labelColumn)) {
        throw new BallastError('missing_column', `${source}: no label column "${labelColumn}" (columns: ${chunk.columns.join(', ')})`);
      }
      types = new ColumnTypeAccumulator(chunk.columns);
    }
    buildFeatureBatch(inputs, chunk, source);
    for (const row of chunk.rows) types.add(row.cells);
    rowCount += chunk.rows.length;
  }
  if (types === undefined || rowCount === 0) throw new BallastError('invalid_data', `${source}: the training data has no rows`);
  return { rowCount, columns: types.result() };
}
