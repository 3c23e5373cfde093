import { versionName } from '../../core/alerts/rollback-guards.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import type { FeatureBatch, PredictionOutput } from '../../runtime/model-runtime.ts';
import type { AppContext } from '../context.ts';
import { dataFileFormat, readTableChunks, type DataFileFormat } from '../data-files.ts';

/** Rows of the training snapshot a rollback target must answer: enough to exercise it, few enough to add nothing to the time to roll back. */
export const SMOKE_ROWS = 5;

/**
 * The first rows of a version's training snapshot as a batch for it, or why there is none. The
 * snapshot is data the version was trained on, so it is in a shape the version accepts: a failure to
 * answer it is the version's (a corrupt artifact, a runtime that no longer loads it), never the data's.
 */
export async function smokeBatch(
  ctx: Pick<AppContext, 'store' | 'artifacts'>,
  version: ModelVersionRecord,
  rows = SMOKE_ROWS,
): Promise<{ readonly batch: FeatureBatch } | { readonly refusal: string }> {
  const name = versionName({ name: version.modelName, version: version.version });
  const snapshot = version.snapshotId === null ? undefined : await ctx.store.snapshots.findById(version.snapshotId);
  if (snapshot === undefined) return { refusal: `${name} has no training snapshot to send a smoke request from` };
  const format = snapshotFormat(snapshot.source);
  const names = version.signature.inputs.map((f) => f.name);
  const file = ctx.artifacts.pathOf(snapshot.sha256);
  for await (const chunk of readTableChunks(file, { chunkRows: rows, format, columns: format === 'jsonl' ? names : undefined })) {
    if (chunk.rows.length === 0) break;
    return { batch: buildFeatureBatch(version.signature.inputs, chunk, `the training snapshot of ${name}`) };
  }
  return { refusal: `the training snapshot of ${name} has no rows to send a smoke request from` };
}

/** What is wrong with a smoke request's answer, or undefined when every row has a finite prediction. */
export function smokeProblem(output: PredictionOutput, rows: number): string | undefined {
  const values = output.kind === 'regression' ? output.values : output.probabilities;
  const width = output.kind === 'regression' ? 1 : output.classes.length;
  if (values.length !== rows * width) return `it answered ${values.length / Math.max(1, width)} predictions for ${rows} rows`;
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) return `its prediction for row ${Math.floor(bad / width) + 1} is not a number (${values[bad]})`;
  return undefined;
}

/** The snapshot's format from the file name it was registered from (CSV when that does not tell). */
function snapshotFormat(source: string): DataFileFormat {
  try {
    return dataFileFormat(source);
  } catch {
    return 'csv';
  }
}
