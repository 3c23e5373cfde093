import path from 'node:path';
import { detectModelFormat } from '../core/detect-model-format.ts';
import { BallastError } from '../core/errors.ts';
import { assertValidName } from '../core/model-ref.ts';
import type { DatasetSnapshotRecord, ModelRecord, ModelVersionRecord } from '../core/registry-records.ts';
import type { ModelFormat } from '../core/signature.ts';
import { ModelLoadError, type LoadedModel, type LoadOptions, type OutputOptions } from '../runtime/model-runtime.ts';
import { auditedTransaction } from './audit.ts';
import { enforcePromotionGate } from './governance/promotion-gate.ts';
import { CHAMPION_ALIAS } from './set-alias.ts';
import { saveContract } from './contracts.ts';
import { snapshotSchemaChanges } from './schema-changes.ts';
import { checkTrainingGate, type TrainingGateResult } from './training-gate.ts';
import type { SchemaChange } from '../core/contracts/diff-contracts.ts';
import type { AppContext } from './context.ts';
import { dataFileFormat, type DataFileFormat } from './data-files.ts';
import { checkOutputOptions, outputOptionsOf } from './output-options.ts';
import { readModelFile } from './read-model-file.ts';
import { scoreLabelledFile, writeLabelledReference, type ScoredReference } from './labelled-reference.ts';
import type { LabelledReferenceSummary } from '../store/labelled-reference-repository.ts';
import { profileReferenceAtRegistration, type ReferenceProfileSummary } from './monitoring/reference-profile.ts';
import { readColumnNames, summariseTrainingData, type TrainingDataSummary } from './training-data.ts';
import { importanceAtRegistration, type ImportanceOptions, type ImportanceOutcome } from './explain/global-importance.ts';

export interface RegisterModelInput {
  readonly name: string;
  readonly modelFile: string;
  readonly format?: ModelFormat;
  readonly trainingData?: string;
  readonly labelColumn?: string;
  /**
   * Labelled data held out from training (CSV or JSON Lines, label in `labelColumn`): scored with the new
   * version and kept as its labelled reference, from which performance is estimated before labels arrive.
   */
  readonly referenceData?: string;
  /** Feature names for a model that carries none (an ONNX model with one 2-D input). */
  readonly featureNames?: readonly string[];
  /** Largest model file accepted, in bytes (default DEFAULT_MAX_ARTIFACT_BYTES, 2 GiB). */
  readonly maxArtifactBytes?: number;
  /** For a model whose only output is numbers (an ONNX network): task, class labels, probabilities or logits. */
  readonly output?: OutputOptions;
  readonly codeRef?: string;
  readonly alias?: string;
  readonly description?: string;
  readonly owner?: string;
  readonly intendedUse?: string;
  readonly tags?: readonly string[];
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly metrics?: Readonly<Record<string, number>>;
  /** The contract the inputs must meet (JSON or YAML file); default: the previous version's. */
  readonly contractFile?: string;
  /** Register although the training data breaks the contract; `reason` is required and audited. */
  readonly force?: boolean;
  readonly reason?: string;
  readonly onProgress?: (stage: 'training-data' | 'storing', done: number, total: number) => void;
  /**
   * Global importance on a sample of the training data, after the version is committed: sizes and
   * seed (default 200 rows explained against 100 background rows), or false for none.
   */
  readonly importance?: ImportanceOptions | false;
}

export interface RegisteredVersion {
  readonly model: ModelRecord;
  readonly version: ModelVersionRecord;
  readonly snapshot: DatasetSnapshotRecord | undefined;
  readonly modelCreated: boolean;
  /** The training gate's outcome: the contract applied and its report, if there was one. */
  readonly gate: TrainingGateResult;
  /** How this version's training data differs from the previous version's (empty when same or first). */
  readonly schemaChanges: readonly SchemaChange[];
  /** Whether the snapshot's reference profile was saved, and what it lacks (monitoring never fails a registration). */
  readonly monitoring: ReferenceProfileSummary;
  /** The labelled reference scored from `referenceData`, when it was given. */
  readonly labelledReference: LabelledReferenceSummary | undefined;
  /** Whether the version's global importance was computed and stored, and why not (it never fails a registration). */
  readonly importance: ImportanceOutcome;
}

const MEDIA_TYPES: Record<ModelFormat, string> = { onnx: 'application/onnx', xgboost: 'application/json', lightgbm: 'text/plain' };
/** The snapshot's artifact keeps no file name; its format is read back from the snapshot's source name. */
const DATA_MEDIA_TYPES: Record<DataFileFormat, string> = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};
const CODE_REF = /^[\x21-\x7e]{1,200}$/;
const MAX_ATTEMPTS = 5;

/**
 * Registers a new immutable version of a model. Everything that can fail on bad input (reading,
 * format checks, loading the model, reading the training data) happens before anything is written;
 * the registry rows are then written in one transaction, so a failure leaves no partial entry.
 */
export async function registerModel(ctx: AppContext, input: RegisterModelInput): Promise<RegisteredVersion> {
  assertValidName(input.name, 'model name');
  if (input.alias !== undefined) assertValidName(input.alias, 'alias');
  if (input.codeRef !== undefined && !CODE_REF.test(input.codeRef)) {
    throw new BallastError(
      'invalid_argument',
      `code reference "${input.codeRef}" must be 1-200 printable characters without spaces (e.g. a git commit)`,
    );
  }
  if (input.labelColumn !== undefined && input.trainingData === undefined && input.referenceData === undefined) {
    throw new BallastError('invalid_argument', '--label names a column of the training data; give --training-data too');
  }
  if (input.referenceData !== undefined && input.labelColumn === undefined) {
    throw new BallastError('invalid_argument', '--reference-data needs --label, the column that holds its true classes');
  }
  const bytes = await readModelFile(input.modelFile, input.maxArtifactBytes);
  const fileName = path.basename(input.modelFile);
  const format = checkFormat(bytes, fileName, input.format);

  const dataColumns = input.trainingData !== undefined ? await readColumnNames(input.trainingData) : undefined;
  const candidateNames = input.featureNames ?? dataColumns?.filter((c) => c !== input.labelColumn);
  const output = outputOptionsOf(input.output ?? {});
  const loaded = await loadModel(ctx, format, bytes, fileName, {
    ...(candidateNames ? { featureNames: candidateNames } : {}),
    ...(output ? { output } : {}),
  });
  const signature = loaded.signature;
  let scoredReference: ScoredReference | undefined;
  try {
    checkOutputOptions(signature, output ?? {}, fileName);
    // Scored now, with the model as it will be stored, so a bad reference fails the registration before anything is written.
    if (input.referenceData !== undefined)
      scoredReference = await scoreLabelledFile(loaded, `model ${input.name} (${fileName})`, input.referenceData, input.labelColumn!);
  } finally {
    await loaded.close();
  }

  let summary: TrainingDataSummary | undefined;
  if (input.trainingData !== undefined) {
    summary = await summariseTrainingData(input.trainingData, signature.inputs, input.labelColumn, (done, total) =>
      input.onProgress?.('training-data', done, total),
    );
  }

  const gate = await checkTrainingGate(ctx, {
    modelName: input.name,
    trainingData: input.trainingData,
    contractFile: input.contractFile,
    force: input.force,
    reason: input.reason,
    onProgress: (done, total) => input.onProgress?.('training-data', done, total),
  });

  const modelBlob = await ctx.artifacts.putBytes(bytes);
  const dataBlob =
    input.trainingData !== undefined
      ? await ctx.artifacts.putFile(input.trainingData, (done) => input.onProgress?.('storing', done, 0))
      : undefined;

  const schemaChanges =
    dataBlob !== undefined
      ? await schemaChangesSincePrevious(ctx, input.name, dataBlob.sha256, input.trainingData!, input.labelColumn)
      : [];

  for (let attempt = 1; ; attempt++) {
    try {
      const registered = await auditedTransaction(ctx, async (tx, audit) => {
        const now = ctx.clock().toISOString();
        let model = await tx.models.findByName(input.name);
        const modelCreated = model === undefined;
        if (model === undefined) {
          model = {
            id: ctx.newId(),
            name: input.name,
            description: input.description ?? '',
            owner: input.owner ?? ctx.actor,
            intendedUse: input.intendedUse ?? '',
            tags: [...(input.tags ?? [])],
            createdBy: ctx.actor,
            createdAt: now,
          };
          await tx.models.insert(model);
        } else {
          const changes = {
            description: input.description,
            owner: input.owner,
            intendedUse: input.intendedUse,
            tags: input.tags && [...input.tags],
          };
          await tx.models.updateMetadata(model.id, changes);
          model = (await tx.models.findByName(input.name))!;
        }
        await tx.artifacts.insertIfAbsent({
          sha256: modelBlob.sha256,
          sizeBytes: modelBlob.sizeBytes,
          mediaType: MEDIA_TYPES[format],
          createdAt: now,
        });

        let snapshot: DatasetSnapshotRecord | undefined;
        if (dataBlob !== undefined && summary !== undefined) {
          snapshot = await tx.snapshots.findBySha256(dataBlob.sha256);
          if (snapshot === undefined) {
            const mediaType = DATA_MEDIA_TYPES[dataFileFormat(input.trainingData!)];
            await tx.artifacts.insertIfAbsent({ sha256: dataBlob.sha256, sizeBytes: dataBlob.sizeBytes, mediaType, createdAt: now });
            snapshot = {
              id: ctx.newId(),
              sha256: dataBlob.sha256,
              rowCount: summary.rowCount,
              columnCount: summary.columns.length,
              columns: summary.columns,
              labelColumn: input.labelColumn ?? null,
              source: path.resolve(input.trainingData!),
              createdBy: ctx.actor,
              createdAt: now,
            };
            await tx.snapshots.insert(snapshot);
          }
        }

        const contract = gate.contract && (await saveContract(ctx, tx, audit, gate.contract, gate.contract.name ?? input.name));
        const version: ModelVersionRecord = {
          id: ctx.newId(),
          modelId: model.id,
          modelName: model.name,
          version: await tx.versions.nextVersionNumber(model.id),
          artifactSha256: modelBlob.sha256,
          format,
          signature,
          snapshotId: snapshot?.id ?? null,
          contractId: contract?.id ?? null,
          contractReport: gate.report ?? null,
          codeRef: input.codeRef ?? null,
          parameters: { ...(input.parameters ?? {}) },
          metrics: { ...(input.metrics ?? {}) },
          createdBy: ctx.actor,
          createdAt: now,
        };
        await tx.versions.insert(version);
        // Training data that Ballast wrote as a training set is known by its bytes: the lineage then reaches its features and sources.
        const trainingSet = snapshot && (await tx.provenance.findTrainingSet(snapshot.sha256));
        if (trainingSet !== undefined) await tx.provenance.save({ versionId: version.id, trainingSet: trainingSet.provenance });
        const ref = `${model.name}:${version.version}`;
        await audit({
          action: 'model.register',
          objectType: 'model_version',
          objectId: ref,
          details: {
            format,
            artifact: version.artifactSha256,
            snapshot: snapshot?.sha256 ?? null,
            contract: contract?.sha256 ?? null,
            codeRef: version.codeRef,
            modelCreated,
          },
        });
        if (gate.forced) {
          await audit({
            action: 'model.register.forced',
            objectType: 'model_version',
            objectId: ref,
            details: {
              reason: input.reason!.trim(),
              failed: gate.report!.issues.filter((i) => i.severity === 'error').map((i) => `${i.column ?? 'dataset'}: ${i.code}`),
            },
          });
        }
        if (input.alias !== undefined) {
          // A new version has no test run or approval yet: under a policy it cannot become champion on registration.
          if (input.alias === CHAMPION_ALIAS)
            await enforcePromotionGate(tx, { version, stage: 'production', target: `${model.name}@${input.alias}` }, undefined);
          const previous = await tx.aliases.find(model.id, input.alias);
          await tx.aliases.set({ modelId: model.id, alias: input.alias, versionId: version.id, updatedBy: ctx.actor, updatedAt: now });
          await audit({
            action: 'alias.set',
            objectType: 'alias',
            objectId: `${model.name}@${input.alias}`,
            details: { from: previous?.version ?? null, to: version.version },
          });
        }
        const labelled = scoredReference && (await writeLabelledReference(ctx, tx, audit, version, scoredReference));
        return { model, version, snapshot, modelCreated, gate, schemaChanges, labelledReference: labelled?.reference };
      });
      const monitoring = await profileReferenceAtRegistration(ctx, registered.version, input.trainingData);
      return { ...registered, monitoring, importance: await importanceAtRegistration(ctx, registered.version, input.importance) };
    } catch (error) {
      // Two registrations of one model may race for the same version number; the loser retries.
      if (error instanceof BallastError || attempt >= MAX_ATTEMPTS || !ctx.store.adapter.isUniqueViolation(error)) throw error;
    }
  }
}

function checkFormat(bytes: Uint8Array, fileName: string, declared: ModelFormat | undefined): ModelFormat {
  if (bytes.byteLength === 0) throw new BallastError('invalid_model', `${fileName}: the model file is empty`);
  const detected = detectModelFormat(bytes.subarray(0, 4096), fileName);
  if (declared !== undefined && declared !== detected) {
    throw new BallastError('format_mismatch', `${fileName}: --format ${declared} was given but the file is a ${detected} model`);
  }
  return detected;
}

async function loadModel(
  ctx: AppContext,
  format: ModelFormat,
  bytes: Uint8Array,
  fileName: string,
  options: LoadOptions,
): Promise<LoadedModel> {
  try {
    return await ctx.runtimes[format].load(bytes, options);
  } catch (error) {
    if (error instanceof ModelLoadError) throw new BallastError('invalid_model', `${fileName}: ${error.message}`);
    throw error;
  }
}

async function schemaChangesSincePrevious(
  ctx: AppContext,
  modelName: string,
  dataSha256: string,
  dataFile: string,
  label: string | undefined,
): Promise<SchemaChange[]> {
  const model = await ctx.store.models.findByName(modelName);
  const previous = model && (await ctx.store.versions.latest(model.id));
  const snapshot = previous?.snapshotId ? await ctx.store.snapshots.findById(previous.snapshotId) : undefined;
  if (snapshot === undefined || snapshot.sha256 === dataSha256) return [];
  return snapshotSchemaChanges(ctx, snapshot, dataFile, label);
}
