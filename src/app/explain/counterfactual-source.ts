import path from 'node:path';
import type { Contract } from '../../core/contracts/contract-types.ts';
import { BallastError } from '../../core/errors.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { FeatureSpec } from '../../core/signature.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import type { FeatureBatch } from '../../runtime/model-runtime.ts';
import { compileInstanceReader } from '../../runtime/read-instances.ts';
import type { AppContext } from '../context.ts';
import { contractOfVersion } from '../contracts.ts';
import { readTableChunks } from '../data-files.ts';
import { sampleDataFile, sampleTrainingSnapshot } from './background-sample.ts';

/**
 * Reference rows for plausible ranges: the quantiles and the median absolute deviation settle within
 * a percent or so by 2,000 rows, and a rare category seen once in 2,000 training rows is kept.
 */
const REFERENCE_ROWS = 2000;

/** A seeded sample of the version's training snapshot; explain_unavailable when it has none. */
export async function snapshotReference(ctx: AppContext, version: ModelVersionRecord): Promise<FeatureBatch> {
  try {
    return (await sampleTrainingSnapshot(ctx, version, REFERENCE_ROWS, 0)).batch;
  } catch (error) {
    if (error instanceof BallastError && error.code === 'explain_unavailable') {
      throw new BallastError(
        'explain_unavailable',
        `${version.modelName}:${version.version} was registered without training data, so counterfactuals have no plausible ranges; register it with --training-data or pass --reference FILE`,
      );
    }
    throw error;
  }
}

/** A seeded sample of a data file given as the reference (`--reference FILE`). */
export async function fileReference(file: string, inputs: readonly FeatureSpec[]): Promise<FeatureBatch> {
  return (await sampleDataFile(file, inputs, REFERENCE_ROWS, 0)).batch;
}

/** The contract linked to the version, if any. */
export async function versionContract(ctx: AppContext, version: ModelVersionRecord): Promise<Contract | undefined> {
  return (await contractOfVersion(ctx.store, version.contractId))?.contract;
}

/** One instance as JSON (`{"feature": value}`, category names or codes), read as POST …/predict reads it. */
export function instanceBatch(inputs: readonly FeatureSpec[], instance: unknown): FeatureBatch {
  return compileInstanceReader(inputs)([instance]);
}

/** Data row `row` (1 = the first after the header) of a CSV or JSON Lines file. */
export async function fileRowBatch(file: string, inputs: readonly FeatureSpec[], row: number): Promise<FeatureBatch> {
  for await (const chunk of readTableChunks(file)) {
    const found = chunk.rows.find((r) => r.row === row);
    if (found !== undefined) return buildFeatureBatch(inputs, { columns: chunk.columns, rows: [found] }, path.basename(file));
    if (chunk.rows.length > 0 && chunk.rows[chunk.rows.length - 1]!.row > row) break;
  }
  throw new BallastError('invalid_argument', `${path.basename(file)} has no data row ${row}`);
}
