import path from 'node:path';
import { buildFeatureBatch } from '../runtime/build-feature-batch.ts';
import { BallastError } from '../core/errors.ts';
import { BatchShapeError, type FeatureBatch, type LoadedModel, type PredictionOutput } from '../runtime/model-runtime.ts';
import { toPredictionRecords } from '../runtime/prediction-records.ts';
import { isMissing, type Cell, type TableChunk } from '../core/table.ts';
import { dataFileFormat, readTableChunks, type DataFileFormat } from './data-files.ts';

export interface ScoreFileOptions {
  readonly model: LoadedModel;
  readonly input: string;
  /** Receives JSON Lines text, one line per input row, in input order. */
  readonly write: (text: string) => Promise<void> | void;
  readonly chunkRows?: number;
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Input columns copied into each output line under their own names (an id), features or not. */
  readonly keep?: readonly string[];
}

/** The fields a prediction writes; a kept column of the same name would be overwritten. */
const OUTPUT_FIELDS = ['label', 'probabilities', 'value'];

/**
 * Offline batch scoring: streams the file in chunks, so memory stays bounded whatever its size,
 * and writes one JSON object per row — `{label, probabilities}` or `{value}`, after the kept
 * columns' values (`{"applicant_id": "LV-000001", "label": 0, …}`).
 */
export async function scoreFile(options: ScoreFileOptions): Promise<{ rows: number }> {
  const source = path.basename(options.input);
  const inputs = options.model.signature.inputs;
  const keep = checkKeptNames(options.keep ?? []);
  const columns = [...new Set([...inputs.map((input) => input.name), ...keep])];
  let rows = 0;
  let kept: number[] | undefined;
  for await (const chunk of readTableChunks(options.input, {
    chunkRows: options.chunkRows ?? 8192,
    columns,
    onBytes: options.onProgress,
  })) {
    kept ??= keptPositions(keep, chunk, source, dataFileFormat(options.input));
    if (chunk.rows.length === 0) {
      buildFeatureBatch(inputs, chunk, source); // still reports missing columns of an empty file
      continue;
    }
    const output = await predictChunk(options.model, buildFeatureBatch(inputs, chunk, source), source, chunk.rows[0]!.row);
    let text = '';
    toPredictionRecords(output).forEach((record, index) => {
      const cells = chunk.rows[index]!.cells;
      const prefix = keep.map((name, k) => `${JSON.stringify(name)}:${JSON.stringify(keptValue(cells[kept![k]!] ?? null))}`).join(',');
      const json = JSON.stringify(record);
      text += (prefix === '' ? json : `{${prefix},${json.slice(1)}`) + '\n';
    });
    await options.write(text);
    rows += chunk.rows.length;
  }
  return { rows };
}

function checkKeptNames(keep: readonly string[]): readonly string[] {
  for (const name of keep) {
    if (OUTPUT_FIELDS.includes(name)) {
      throw new BallastError(
        'invalid_argument',
        `--keep ${name}: every output line has a field "${name}" already; rename the column to keep it`,
      );
    }
  }
  return [...new Set(keep)];
}

/**
 * Where each kept column is in the chunk. A CSV or Parquet file's header says which columns exist; a JSON
 * Lines file has no header, so a key found in no row of the first chunk is taken for a misspelling.
 */
function keptPositions(keep: readonly string[], chunk: TableChunk, source: string, format: DataFileFormat): number[] {
  const positions = keep.map((name) => chunk.columns.indexOf(name));
  const unknown = keep.filter(
    (name, k) =>
      positions[k]! < 0 ||
      (format === 'jsonl' && chunk.rows.length > 0 && chunk.rows.every(({ cells }) => isMissing(cells[positions[k]!] ?? null))),
  );
  if (unknown.length > 0) {
    const where =
      format !== 'jsonl'
        ? `its columns are ${chunk.columns.join(', ')}`
        : `no object of its first ${chunk.rows.length} rows has a value for it`;
    throw new BallastError('invalid_argument', `--keep ${unknown.join(', ')}: not a column of ${source} (${where})`);
  }
  return positions;
}

/** A kept value as the file gives it: text from CSV (an id keeps its leading zeros), typed values from JSON Lines and Parquet; missing is null. */
function keptValue(cell: Cell): Cell {
  return isMissing(cell) ? null : cell;
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
