import type { Kysely, Selectable } from 'kysely';
import type { ClassLabel } from '../core/signature.ts';
import type { Database, LabelledReferencesTable } from './schema.ts';

/** What a labelled reference is, without its rows: enough to list it, audit it and key a cache. */
export interface LabelledReferenceSummary {
  readonly versionId: string;
  /** New with every replacement, so a cached fit can tell it is stale. */
  readonly id: string;
  /** The version's classes in signature order: the class indices below count in this order. */
  readonly classes: readonly ClassLabel[];
  readonly labelColumn: string;
  /** The file the rows came from, as given. */
  readonly source: string;
  readonly sourceSha256: string;
  readonly rows: number;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** The rows, columnar: class indices into `classes`, and one score array per class (the model's probabilities). */
export interface LabelledReference extends LabelledReferenceSummary {
  readonly labels: Int32Array;
  readonly predictions: Int32Array;
  readonly scores: readonly Float64Array[];
}

interface EncodedRows {
  readonly labels: string;
  readonly predictions: string;
  readonly scores: string[];
}

/**
 * Typed arrays as base64 of their bytes: exact (a float64 score reads back bit for bit, so an estimate
 * from the stored rows equals one from the rows as scored), and about 11 characters per number where
 * JSON decimals take ~20. The bytes are little-endian, the order of every platform Node runs on.
 */
function encode(array: Int32Array | Float64Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decodeInt32(text: string): Int32Array {
  const bytes = Buffer.from(text, 'base64');
  // Copied into a fresh buffer: a Buffer may sit at an offset that is not a multiple of the element size.
  return new Int32Array(new Uint8Array(bytes).buffer);
}

function decodeFloat64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  return new Float64Array(new Uint8Array(bytes).buffer);
}

/** At most one labelled reference per model version; setting one again replaces it. */
export class LabelledReferenceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Writes the reference in place of any earlier one of its version, and answers that earlier one. */
  async replace(reference: LabelledReference): Promise<LabelledReferenceSummary | undefined> {
    const previous = await this.findSummary(reference.versionId);
    if (previous) await this.db.deleteFrom('labelled_references').where('version_id', '=', reference.versionId).execute();
    const data: EncodedRows = {
      labels: encode(reference.labels),
      predictions: encode(reference.predictions),
      scores: reference.scores.map(encode),
    };
    await this.db
      .insertInto('labelled_references')
      .values({
        version_id: reference.versionId,
        id: reference.id,
        classes: JSON.stringify(reference.classes),
        label_column: reference.labelColumn,
        source: reference.source,
        source_sha256: reference.sourceSha256,
        rows: reference.rows,
        data: JSON.stringify(data),
        created_by: reference.createdBy,
        created_at: reference.createdAt,
      })
      .execute();
    return previous;
  }

  async findSummary(versionId: string): Promise<LabelledReferenceSummary | undefined> {
    const row = await this.db
      .selectFrom('labelled_references')
      .select(['version_id', 'id', 'classes', 'label_column', 'source', 'source_sha256', 'rows', 'created_by', 'created_at'])
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    return row && toSummary(row);
  }

  async find(versionId: string): Promise<LabelledReference | undefined> {
    const row = await this.db.selectFrom('labelled_references').selectAll().where('version_id', '=', versionId).executeTakeFirst();
    if (!row) return undefined;
    const data = JSON.parse(row.data) as EncodedRows;
    return {
      ...toSummary(row),
      labels: decodeInt32(data.labels),
      predictions: decodeInt32(data.predictions),
      scores: data.scores.map(decodeFloat64),
    };
  }
}

function toSummary(row: Omit<Selectable<LabelledReferencesTable>, 'data'>): LabelledReferenceSummary {
  return {
    versionId: row.version_id,
    id: row.id,
    classes: JSON.parse(row.classes) as ClassLabel[],
    labelColumn: row.label_column,
    source: row.source,
    sourceSha256: row.source_sha256,
    rows: Number(row.rows),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
