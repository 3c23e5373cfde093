import { isMissingInFile, readDecimalText } from '../../core/contracts/read-cells.ts';
import { fitPcaReconstruction, type PcaReconstructionModel } from '../../core/drift/pca-reconstruction.ts';
import { BallastError } from '../../core/errors.ts';
import { PROFILE_FORMAT, DatasetProfile, type DatasetProfileState } from '../../core/profiles/dataset-profile.ts';
import { LABEL_COLUMN, outputColumnNames, PREDICTION_LABEL } from '../../core/profiles/output-columns.ts';
import { DEFAULT_BINS, type ColumnSchema, type ProfileSchema } from '../../core/profiles/profile-schema.ts';
import { SchemaProbe } from '../../core/profiles/schema-probe.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { LoadedModel, PredictionOutput } from '../../runtime/model-runtime.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import { loadOptionsFor } from '../../runtime/load-options.ts';
import { toPredictionRecords } from '../../runtime/prediction-records.ts';
import type { ReferenceProfileRecord } from '../../store/monitoring-repository.ts';
import type { AppContext } from '../context.ts';
import { dataFileFormat, readTableChunks, type DataFileFormat } from '../data-files.ts';
import { priorityStream } from './priority-stream.ts';
import { profileFile } from './profile-file.ts';
import { PredictionRowWriter } from './window-profiler-plan.ts';

/**
 * The PCA reconstruction model is fitted on at most this many snapshot rows (a uniform sample):
 * twenty thousand rows pin a covariance of a few dozen columns down far more closely than the
 * drift test needs, and keep the fit to a fraction of a second whatever the snapshot's size.
 */
const PCA_SAMPLE_ROWS = 20_000;

export interface ReferenceProfileInput {
  readonly version: ModelVersionRecord;
  /** The training snapshot (a CSV or JSON Lines file). */
  readonly file: string;
  readonly format?: DataFileFormat;
  /** The snapshot's label column, profiled as `label`; null when it has none. */
  readonly labelColumn: string | null;
  /** The version's model, to score the snapshot and profile its outputs; absent: inputs only. */
  readonly model?: LoadedModel;
  readonly createdAt: string;
  readonly seed?: number;
  readonly sampleRows?: number;
  readonly bins?: number;
}

export interface ReferenceProfileOutcome {
  readonly record: ReferenceProfileRecord;
  /** What the reference lacks and why (outputs not scored, no multivariate model, ...). */
  readonly notes: readonly string[];
}

/**
 * Profiles a version's training snapshot once: its inputs and label in two passes (the first learns
 * kinds, decile edges and ranges from the snapshot itself), then a third pass scores it with the
 * model in-process to profile the outputs on edges of their own, and samples rows for the PCA
 * reconstruction model. A failure to score leaves the input profile whole and says why.
 */
export async function buildReferenceProfile(input: ReferenceProfileInput): Promise<ReferenceProfileOutcome> {
  const { version, file } = input;
  const format = input.format ?? dataFileFormat(file);
  const signature = version.signature;
  const notes: string[] = [];
  const seed = input.seed ?? 1;
  const bins = input.bins ?? DEFAULT_BINS;
  const classifier = signature.output.kind !== 'regression';
  const features = signature.inputs.map((f) => f.name);
  let label = input.labelColumn;
  if (label !== null && (features.includes(LABEL_COLUMN) || (label === LABEL_COLUMN && features.includes(label)))) {
    notes.push(`the label column is not profiled: a feature is already named "${LABEL_COLUMN}"`);
    label = null;
  }
  const names = label === null ? features : [...features, label];

  const learned = await learnSchema(file, format, names, bins);
  // A classifier's label is a class, however it is written (0/1 reads as numbers); a regressor's is a number.
  const schema: ProfileSchema = {
    columns: learned.columns.map((c) => (c.name === label && classifier ? { name: c.name, kind: 'categorical' } : c)),
  };
  const inputs = await profileFile(file, { schema, format, seed });

  const scan = await scanSnapshot(input, format, schema, notes);
  const multivariate = fitMultivariate(scan, notes);

  const inputColumns = inputs
    .toJSON()
    .columns.map((c) => (c.schema.name === label ? { ...c, schema: { ...c.schema, name: LABEL_COLUMN } } : c));
  let outputColumns: DatasetProfileState['columns'] = [];
  if (scan.outputs !== undefined) {
    if (scan.scoredRows === inputs.rows) outputColumns = profileOutputs(input.version, scan.outputs, bins, seed).toJSON().columns;
    else notes.push(`outputs not profiled: the model scored ${scan.scoredRows} of ${inputs.rows} rows`);
  }
  const profile: DatasetProfileState = { format: PROFILE_FORMAT, rows: inputs.rows, columns: [...inputColumns, ...outputColumns] };
  // Validate the assembled document the way every reader will load it.
  DatasetProfile.fromJSON(profile);
  return { record: { versionId: version.id, profile, multivariate, rows: inputs.rows, createdAt: input.createdAt }, notes };
}

/**
 * Profiles a registered version's snapshot (from the artifact store, or `file` when the caller has
 * it at hand) and saves it. Undefined when the version has no snapshot.
 */
export async function profileVersionReference(
  ctx: AppContext,
  version: ModelVersionRecord,
  options: { file?: string; seed?: number } = {},
): Promise<ReferenceProfileOutcome | undefined> {
  if (version.snapshotId === null) return undefined;
  const snapshot = await ctx.store.snapshots.findById(version.snapshotId);
  if (snapshot === undefined)
    throw new BallastError(
      'snapshot_not_found',
      `snapshot ${version.snapshotId} of ${version.modelName}:${version.version} is not in the registry`,
    );
  const file = options.file ?? ctx.artifacts.pathOf(snapshot.sha256);
  const format = snapshotFormat(options.file ?? snapshot.source);
  const loadNotes: string[] = [];
  let model: LoadedModel | undefined;
  try {
    const bytes = await ctx.artifacts.read(version.artifactSha256);
    model = await ctx.runtimes[version.format].load(bytes, loadOptionsFor(version.signature));
  } catch (error) {
    loadNotes.push(`outputs not profiled: the model could not be loaded (${message(error)})`);
  }
  try {
    const outcome = await buildReferenceProfile({
      version,
      file,
      format,
      labelColumn: snapshot.labelColumn,
      model,
      createdAt: ctx.clock().toISOString(),
      seed: options.seed,
    });
    await ctx.store.monitoring.saveReference(outcome.record);
    return { record: outcome.record, notes: [...loadNotes, ...outcome.notes] };
  } finally {
    await model?.close();
  }
}

function snapshotFormat(source: string): DataFileFormat {
  try {
    return dataFileFormat(source);
  } catch {
    return 'csv';
  }
}

async function learnSchema(file: string, format: DataFileFormat, names: readonly string[], bins: number): Promise<ProfileSchema> {
  const probe = new SchemaProbe(names);
  for await (const chunk of readTableChunks(file, { chunkRows: 8192, format, columns: format === 'jsonl' ? names : undefined })) {
    const positions = names.map((name) => chunk.columns.indexOf(name));
    for (const row of chunk.rows) probe.addCells(row.cells, positions);
  }
  return probe.schema(bins);
}

interface SnapshotScan {
  readonly pcaColumns: readonly string[];
  /** One array per PCA column, `sampled` rows long. */
  readonly sample: readonly Float64Array[];
  readonly sampled: number;
  /** The model's outputs chunk by chunk; undefined without a model or when scoring failed. */
  readonly outputs: readonly PredictionOutput[] | undefined;
  readonly scoredRows: number;
}

/** One pass: a uniform sample of the numeric inputs for the PCA (reservoir, algorithm R) and the model's outputs. */
async function scanSnapshot(
  input: ReferenceProfileInput,
  format: DataFileFormat,
  schema: ProfileSchema,
  notes: string[],
): Promise<SnapshotScan> {
  const signature = input.version.signature;
  // Numbers, few-valued ones included; identifiers and time-like columns would only add noise to the PCA.
  const numeric = new Set(
    schema.columns.filter((c) => (c.kind === 'numeric' || c.numbers === true) && c.skipped === undefined).map((c) => c.name),
  );
  const pcaColumns = signature.inputs
    .filter((f) => (f.type === 'number' || f.type === 'integer') && numeric.has(f.name))
    .map((f) => f.name);
  const capacity = input.sampleRows ?? PCA_SAMPLE_ROWS;
  const sample = pcaColumns.map(() => new Float64Array(capacity));
  const random = priorityStream((input.seed ?? 1) + 1);
  let seen = 0;
  let outputs: PredictionOutput[] | undefined = input.model ? [] : undefined;
  let scoredRows = 0;
  const names = signature.inputs.map((f) => f.name);
  for await (const chunk of readTableChunks(input.file, { chunkRows: 8192, format, columns: format === 'jsonl' ? names : undefined })) {
    const positions = pcaColumns.map((name) => chunk.columns.indexOf(name));
    for (const row of chunk.rows) {
      const slot = seen < capacity ? seen : Math.floor(random() * (seen + 1));
      seen++;
      if (slot >= capacity) continue;
      for (let j = 0; j < positions.length; j++) sample[j]![slot] = cellNumber(positions[j]! >= 0 ? row.cells[positions[j]!] : null);
    }
    if (outputs !== undefined && chunk.rows.length > 0) {
      try {
        const output = await input.model!.predict(buildFeatureBatch(signature.inputs, chunk, 'the training snapshot'));
        outputs.push(output);
        scoredRows += chunk.rows.length;
      } catch (error) {
        notes.push(`outputs not profiled: scoring the training snapshot failed at row ${chunk.rows[0]!.row} (${message(error)})`);
        outputs = undefined;
      }
    }
  }
  if (input.model === undefined && notes.every((n) => !n.startsWith('outputs')))
    notes.push('outputs not profiled: no model to score the snapshot with');
  const sampled = Math.min(seen, capacity);
  if (seen > capacity) notes.push(`the multivariate model was fitted on a uniform sample of ${capacity} of ${seen} rows`);
  return { pcaColumns, sample: sample.map((column) => column.subarray(0, sampled)), sampled, outputs, scoredRows };
}

function fitMultivariate(scan: SnapshotScan, notes: string[]): PcaReconstructionModel | null {
  const fitted = fitPcaReconstruction(scan.pcaColumns, scan.sample);
  if ('reason' in fitted) {
    notes.push(`no multivariate check: ${fitted.reason}`);
    return null;
  }
  return fitted;
}

/** The outputs' own schema (edges on their deciles), then their profile, with the inputs' priorities row by row. */
function profileOutputs(version: ModelVersionRecord, outputs: readonly PredictionOutput[], bins: number, seed: number): DatasetProfile {
  const signature = version.signature;
  const names = outputColumnNames(signature.output);
  const probe = new SchemaProbe(names);
  const row: Record<string, unknown> = {};
  for (const output of outputs) {
    for (const record of toPredictionRecords(output)) {
      if ('value' in record) row[names[0]!] = record.value;
      else {
        row[PREDICTION_LABEL] = record.label;
        record.probabilities.forEach((p, k) => (row[names[k + 1]!] = p));
      }
      probe.addRecord(row);
    }
  }
  const learned = probe.schema(bins);
  const schema: ProfileSchema = {
    columns: learned.columns.map((c): ColumnSchema => (c.name === PREDICTION_LABEL ? { name: c.name, kind: 'categorical' } : c)),
  };
  const profile = new DatasetProfile(schema);
  const writer = new PredictionRowWriter(schema, signature, null);
  const next = priorityStream(seed);
  const none = {};
  for (const output of outputs) for (const record of toPredictionRecords(output)) writer.addRow(profile, none, record, next());
  return profile;
}

function cellNumber(cell: unknown): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'string' && !isMissingInFile(cell)) return readDecimalText(cell);
  return Number.NaN;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface ReferenceProfileSummary {
  /** A reference profile was saved for the version. */
  readonly saved: boolean;
  readonly notes: readonly string[];
}

/** Registration's call: profiles the snapshot just registered; any failure becomes a note, never an error. */
export async function profileReferenceAtRegistration(
  ctx: AppContext,
  version: ModelVersionRecord,
  file: string | undefined,
): Promise<ReferenceProfileSummary> {
  if (version.snapshotId === null)
    return { saved: false, notes: ['no training snapshot: windows are profiled on a schema from the model signature'] };
  try {
    const outcome = await profileVersionReference(ctx, version, { file });
    return { saved: outcome !== undefined, notes: outcome?.notes ?? [] };
  } catch (error) {
    return {
      saved: false,
      notes: [`reference profile not saved (${message(error)}); it is built when a deployment first serves the version`],
    };
  }
}
