import path from 'node:path';
import { buildFeatureBatch } from '../runtime/build-feature-batch.ts';
import { BallastError } from '../core/errors.ts';
import { BatchShapeError, type FeatureBatch, type LoadedModel, type PredictionOutput } from '../runtime/model-runtime.ts';
import { toPredictionRecords } from '../runtime/prediction-records.ts';
import { readTableChunks } from './data-files.ts';

export interface ScoreFileOptions {
  readonly model: LoadedModel;
  readonly input: string;
  /** Receives JSON Lines text, one line per input row, in input order. */
  readonly write: (text: string) => Promise<void> | void;
  readonly chunkRows?: number;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/**
 * Offline batch scoring: streams the file in chunks, so memory stays bounded whatever its size,
 * and writes one JSON object per row — `{label, probabilities}` or `{value}`.
 */
export async function scoreFile(options: ScoreFileOptions): Promise<{ rows: number }> {
  const source = path.basename(options.input);
  const inputs = options.model.signature.inputs;
  const columns = inputs.map((input) => input.name);
  let rows = 0;
  for await (const chunk of readTableChunks(options.input, { chunkRows: options.chunkRows ?? 8192, columns, onBytes: options.onProgress })) {
    if (chunk.rows.length === 0) {
      buildFeatureBatch(inputs, chunk, source); // still reports missing columns of an empty file
      continue;
    }
    const output = await predictChunk(options.model, buildFeatureBatch(inputs, chunk, source), source, chunk.rows[0]!.row);
    let text = '';
    for (const record of toPredictionRecords(output)) text += JSON.stringify(record) + '\n';
    await options.write(text);
    rows += chunk.rows.length;
  }
  return { rows };
}

async function predictChunk(model: LoadedModel, batch: FeatureBatch, source: string, firstRow: number): Promise<PredictionOutput> {
  try {
    return await model.predict(batch);
  } catch (error) {
    // A value the batch builder accepted but this model cannot take (e.g. a missing int64 for ONNX).
    if (error instanceof BatchShapeError) {
      throw new BallastError('invalid_value', `${source}: in the batch starting at row ${firstRow}: ${error.message}`);
    }
    throw error;
  }
}
