import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { BallastError } from '../../core/errors.ts';
import { formatFeatureRef } from '../../core/features/feature-definitions.ts';
import type { TrainingSetProvenance } from '../../core/features/provenance.ts';
import { parseFeatureRefs, resolveFeatureRefs } from '../../core/features/resolve-feature-refs.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { currentFeatureSet } from './current-feature-set.ts';
import { fileSha256 } from './read-source.ts';
import { outputFormat, writePointInTimeJoin } from './training-set-engine.ts';

export interface TrainingSetInput {
  readonly entities: string;
  readonly timestampColumn: string;
  /** `view:feature,view:feature` (on-demand features as `on_demand:name`). */
  readonly features: string;
  readonly fullNames?: boolean;
  /** A .csv or .parquet file; written whole or not at all. */
  readonly output: string;
  /** The output as recorded, when the file is a temporary one (`-` for standard output). */
  readonly recordedOutput?: string;
  /** The feature definitions' version to use (default: the current one). */
  readonly featureSetVersion?: number;
}

export interface TrainingSetResult {
  readonly output: string;
  /** sha256 of the written file: registering this file as training data links the version to this provenance. */
  readonly sha256: string;
  readonly rows: number;
  readonly columns: readonly string[];
  readonly provenance: TrainingSetProvenance;
}

/**
 * Builds a point-in-time correct training set (training-set-engine.ts) from the applied feature
 * definitions and records it by the hash of its bytes, with what it was made from: the definitions'
 * version, the features, and the hashes of the entity file and of every source read. A model
 * registered with this file as its training data names that provenance in its lineage.
 */
export async function buildTrainingSet(ctx: AppContext, input: TrainingSetInput): Promise<TrainingSetResult> {
  const set = await currentFeatureSet(ctx, input.featureSetVersion);
  const refs = parseFeatureRefs(input.features);
  const features = resolveFeatureRefs(set.definitions, refs);
  const output = path.resolve(input.output);
  outputFormat(output);
  const entities = path.resolve(input.entities);
  try {
    if (!(await stat(entities)).isFile()) throw new Error('not a file');
  } catch {
    throw new BallastError('file_not_found', `entity file ${input.entities}: cannot read it`);
  }

  // Hashed before the join reads them, so the provenance names the bytes that were read (a file
  // changed meanwhile makes the recorded hash differ from a later check, never silently agree).
  const fileSources = [
    ...new Map(
      features.flatMap((f) => (f.kind === 'view' && f.source.path !== undefined ? [[f.source.name, f.source.path]] : [])),
    ).entries(),
  ];
  const [entitiesSha256, ...sourceHashes] = await Promise.all([fileSha256(entities), ...fileSources.map(([, file]) => fileSha256(file))]);

  // Written beside the output under a temporary name, then renamed: a failure leaves nothing half-written.
  const partial = path.join(
    path.dirname(output),
    `.${path.basename(output)}.${randomBytes(6).toString('hex')}.partial${path.extname(output)}`,
  );
  let result;
  try {
    result = await writePointInTimeJoin({
      entitiesFile: entities,
      timestampColumn: input.timestampColumn,
      features,
      onDemandDefinitions: set.definitions.onDemandFeatures,
      fullNames: input.fullNames ?? false,
      output: partial,
      db: ctx.store.db,
    });
    await rename(partial, output);
  } finally {
    await rm(partial, { force: true });
  }
  const sha256 = await fileSha256(output);
  const provenance: TrainingSetProvenance = {
    featureSetVersion: set.version,
    features: refs.map(formatFeatureRef),
    entitiesSha256: entitiesSha256!,
    sources: Object.fromEntries([
      ...fileSources.map(([name], i) => [name, sourceHashes[i]!] as const),
      ...Object.entries(result.computedSourceHashes),
    ]),
  };
  await auditedTransaction(ctx, async (tx, audit) => {
    await tx.provenance.saveTrainingSet({
      sha256,
      provenance,
      output,
      rows: result.rows,
      createdBy: ctx.actor,
      createdAt: ctx.clock().toISOString(),
    });
    await audit({
      action: 'features.training_set',
      objectType: 'training_set',
      objectId: sha256,
      details: { output: input.recordedOutput ?? output, rows: result.rows, featureSetVersion: set.version, features: provenance.features },
    });
  });
  return { output, sha256, rows: result.rows, columns: result.columns, provenance };
}
