import { isMissingInFile, readDecimalText } from '../../core/contracts/read-cells.ts';
import { ReconstructionErrorMeter, type PcaReconstructionModel } from '../../core/drift/pca-reconstruction.ts';
import type { DatasetProfile } from '../../core/profiles/dataset-profile.ts';
import { LABEL_COLUMN, outputColumnSchemas, outputSlot, outputValue, type OutputSlot } from '../../core/profiles/output-columns.ts';
import type { ColumnSchema, ProfileSchema } from '../../core/profiles/profile-schema.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { ModelSignature } from '../../core/signature.ts';
import type { ReferenceProfileRecord } from '../../store/monitoring-repository.ts';

/**
 * How one version's predictions are profiled: the schema of its windows (the reference's, without
 * the training label, which live traffic does not carry), the row writer for that schema and the
 * multivariate model. Fixed for a window's lifetime, so all of a window's rows share one schema.
 */
export interface ProfilingPlan {
  readonly versionId: string;
  readonly schema: ProfileSchema;
  readonly fromReference: boolean;
  readonly multivariate: PcaReconstructionModel | null;
  readonly writer: PredictionRowWriter;
  /** Why the plan is not the reference's, when it is not. */
  readonly note?: string;
}

export function planFromReference(version: ModelVersionRecord, reference: ReferenceProfileRecord): ProfilingPlan {
  const schema: ProfileSchema = { columns: reference.profile.columns.map((c) => c.schema).filter((c) => c.name !== LABEL_COLUMN) };
  return {
    versionId: version.id,
    schema,
    fromReference: true,
    multivariate: reference.multivariate,
    writer: new PredictionRowWriter(schema, version.signature, reference.multivariate),
  };
}

/**
 * Without a reference profile: kinds from the signature (number and integer features numeric, the
 * rest categorical) and no bin edges or range, so windows have no histograms to compare and no
 * out-of-range counts, but their counts, moments, quantiles and categories are still kept.
 */
export function planFromSignature(version: ModelVersionRecord, note: string): ProfilingPlan {
  const schema = signatureSchema(version.signature);
  return {
    versionId: version.id,
    schema,
    fromReference: false,
    multivariate: null,
    writer: new PredictionRowWriter(schema, version.signature, null),
    note,
  };
}

export function signatureSchema(signature: ModelSignature): ProfileSchema {
  const inputs = signature.inputs.map((f): ColumnSchema => ({
    name: f.name,
    kind: f.type === 'number' || f.type === 'integer' ? 'numeric' : 'categorical',
  }));
  return { columns: [...inputs, ...outputColumnSchemas(signature.output)] };
}

const NO_SLOT: OutputSlot | undefined = undefined;

/**
 * Adds one prediction (its logged inputs and output record) to a profile on `schema`, reading each
 * column's value straight from the two records: no per-row object is built. The live profiler and
 * window recovery both use it, so a rebuilt window equals the live one.
 */
export class PredictionRowWriter {
  private readonly names: readonly string[];
  /** Names a plain property read could take from Object.prototype: read with hasOwnProperty instead. */
  private readonly guarded: readonly boolean[];
  /** Per schema column: its output slot, or undefined for an input feature. */
  private readonly slots: readonly (OutputSlot | undefined)[];
  private readonly pcaRow: Float64Array;
  private readonly pcaGuarded: readonly boolean[];
  /** Per schema column: where its value goes in the PCA row, or -1. */
  private readonly pcaSlots: Int32Array;
  /** Every PCA column is a schema column, so addRow fills the whole PCA row as it goes. */
  private readonly pcaFilledByAddRow: boolean;
  private readonly pcaMeter: ReconstructionErrorMeter | undefined;

  constructor(
    readonly schema: ProfileSchema,
    signature: ModelSignature,
    private readonly multivariate: PcaReconstructionModel | null,
  ) {
    this.names = schema.columns.map((c) => c.name);
    this.guarded = this.names.map((name) => name in Object.prototype);
    this.slots = schema.columns.map((c) => outputSlot(c.name, signature) ?? NO_SLOT);
    this.pcaRow = new Float64Array(multivariate?.columns.length ?? 0);
    this.pcaGuarded = (multivariate?.columns ?? []).map((name) => name in Object.prototype);
    this.pcaMeter = multivariate ? new ReconstructionErrorMeter(multivariate) : undefined;
    const pcaColumns = multivariate?.columns ?? [];
    this.pcaSlots = Int32Array.from(schema.columns, (c, i) => (this.slots[i] === undefined ? pcaColumns.indexOf(c.name) : -1));
    this.pcaFilledByAddRow = pcaColumns.every((name) => this.names.includes(name));
  }

  addRow(
    profile: DatasetProfile,
    inputs: Readonly<Record<string, unknown>>,
    output: Readonly<Record<string, unknown>>,
    priority: number,
  ): void {
    profile.rows++;
    const columns = profile.columns;
    for (let i = 0; i < columns.length; i++) {
      const slot = this.slots[i];
      let value: unknown;
      if (slot === undefined) value = readInput(inputs, this.names[i]!, this.guarded[i]!);
      else value = outputValue(slot, output);
      columns[i]!.add(value, priority);
      const pcaSlot = this.pcaSlots[i]!;
      // The PCA reads the same inputs: keep them now rather than look each up again.
      if (pcaSlot >= 0) this.pcaRow[pcaSlot] = toNumber(value);
    }
  }

  /** The PCA reconstruction error of the row last given to addRow (same inputs); NaN without a multivariate model. */
  reconstructionError(inputs: Readonly<Record<string, unknown>>): number {
    const model = this.multivariate;
    if (model === null) return Number.NaN;
    const row = this.pcaRow;
    const columns = model.columns;
    if (!this.pcaFilledByAddRow)
      for (let j = 0; j < columns.length; j++) row[j] = toNumber(readInput(inputs, columns[j]!, this.pcaGuarded[j]!));
    return this.pcaMeter!.of(row);
  }
}

/**
 * A feature's value, null when absent. A plain read is several times cheaper than hasOwnProperty on
 * the hot path; it can only go wrong for names Object.prototype has (toString, __proto__), which
 * are read the careful way. Logged inputs have no prototype; parsed ones do.
 */
function readInput(inputs: Readonly<Record<string, unknown>>, name: string, guarded: boolean): unknown {
  if (guarded) return Object.prototype.hasOwnProperty.call(inputs, name) ? inputs[name] : null;
  const value = inputs[name];
  return value === undefined ? null : value;
}

/** A feature value as the PCA reads it; anything not a number is missing (imputed with the mean). */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && !isMissingInFile(value)) return readDecimalText(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return Number.NaN;
}
