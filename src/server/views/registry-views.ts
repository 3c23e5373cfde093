import type { AliasRecord, ArtifactRecord, DatasetSnapshotRecord, ModelRecord, ModelVersionRecord } from '../../core/registry-records.ts';
import type { LabelledReferenceSummary } from '../../store/labelled-reference-repository.ts';
import { freeObject, int, list, nullableStr, obj, str, strings } from './wire-schema.ts';

/** The registry on the wire: snake_case fields, never the store's ids of rows the API does not address. */

export interface ModelSummaryRecord extends Omit<ModelRecord, 'id' | 'intendedUse' | 'createdBy'> {
  readonly latestVersion: number | null;
  readonly versionCount: number;
}

export function modelSummaryView(m: ModelSummaryRecord) {
  return {
    name: m.name,
    description: m.description,
    owner: m.owner,
    tags: m.tags,
    latest_version: m.latestVersion,
    version_count: m.versionCount,
    created_at: m.createdAt,
  };
}
export const modelSummarySchema = obj({
  name: str,
  description: str,
  owner: str,
  tags: strings,
  latest_version: { type: ['integer', 'null'] },
  version_count: int,
  created_at: str,
});

export function modelView(m: ModelRecord) {
  return {
    id: m.id,
    name: m.name,
    description: m.description,
    owner: m.owner,
    intended_use: m.intendedUse,
    tags: m.tags,
    created_at: m.createdAt,
    created_by: m.createdBy,
  };
}
export const modelSchema = obj({
  id: str,
  name: str,
  description: str,
  owner: str,
  intended_use: str,
  tags: strings,
  created_at: str,
  created_by: str,
});

export function versionSummaryView(v: ModelVersionRecord, aliases: readonly string[]) {
  return {
    version: v.version,
    format: v.format,
    created_at: v.createdAt,
    created_by: v.createdBy,
    artifact_sha256: v.artifactSha256,
    code_ref: v.codeRef,
    snapshot_id: v.snapshotId,
    contract_id: v.contractId,
    metrics: v.metrics,
    aliases,
  };
}
const versionSummaryProperties = {
  version: int,
  format: str,
  created_at: str,
  created_by: str,
  artifact_sha256: str,
  code_ref: nullableStr,
  snapshot_id: nullableStr,
  contract_id: nullableStr,
  metrics: freeObject,
  aliases: strings,
};
export const versionSummarySchema = obj(versionSummaryProperties);

/** A version with its signature and parameters; the training report is served with the contract, not here. */
export function versionView(v: ModelVersionRecord, aliases: readonly string[]) {
  return { ...versionSummaryView(v, aliases), id: v.id, model_name: v.modelName, signature: v.signature, parameters: v.parameters };
}
// The signature is the model's own description (feature names are the user's); other parts of Ballast add to it, so it passes through.
export const versionSchema = obj({ ...versionSummaryProperties, id: str, model_name: str, signature: freeObject, parameters: freeObject });

export function aliasView(a: AliasRecord) {
  return { alias: a.alias, version: a.version, updated_at: a.updatedAt, updated_by: a.updatedBy };
}
export const aliasSchema = obj({ alias: str, version: int, updated_at: str, updated_by: str });

export function artifactView(a: ArtifactRecord) {
  return { sha256: a.sha256, size_bytes: a.sizeBytes, media_type: a.mediaType, created_at: a.createdAt };
}
export const artifactSchema = obj({ sha256: str, size_bytes: int, media_type: str, created_at: str });

export function snapshotView(s: DatasetSnapshotRecord) {
  return {
    id: s.id,
    sha256: s.sha256,
    row_count: s.rowCount,
    column_count: s.columnCount,
    columns: s.columns,
    label_column: s.labelColumn,
    source: s.source,
    created_at: s.createdAt,
    created_by: s.createdBy,
  };
}
export const snapshotSchema = obj(
  {
    id: str,
    sha256: str,
    row_count: int,
    column_count: int,
    columns: list(obj({ name: str, type: str, missing: int })),
    label_column: nullableStr,
    source: str,
    created_at: str,
    created_by: str,
  },
  { nullable: true },
);

/** A version's labelled reference, without its rows. */
export function labelledReferenceView(r: LabelledReferenceSummary) {
  return {
    label_column: r.labelColumn,
    rows: r.rows,
    source: r.source,
    source_sha256: r.sourceSha256,
    created_at: r.createdAt,
    created_by: r.createdBy,
  };
}

export const labelledReferenceSchema = obj(
  { label_column: str, rows: int, source: str, source_sha256: str, created_at: str, created_by: str },
  { nullable: true },
);

export const whoamiSchema = obj({ actor: str, role: str });
