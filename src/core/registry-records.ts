import type { ValidationReport } from './contracts/contract-types.ts';
import type { ModelFormat, ModelSignature } from './signature.ts';

/** The registry's records as the app layer sees them (parsed, camelCase), whatever the database. */

export interface ModelRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  readonly intendedUse: string;
  readonly tags: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface ModelVersionRecord {
  readonly id: string;
  readonly modelId: string;
  readonly modelName: string;
  readonly version: number;
  readonly artifactSha256: string;
  readonly format: ModelFormat;
  readonly signature: ModelSignature;
  readonly snapshotId: string | null;
  /** The contract its inputs must meet, when one is linked. */
  readonly contractId: string | null;
  /** How the training data fared against that contract when the version was registered. */
  readonly contractReport?: ValidationReport | null;
  readonly codeRef: string | null;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly createdBy: string;
  readonly createdAt: string;
}

export type ColumnType = 'integer' | 'number' | 'boolean' | 'string' | 'empty';

export interface SnapshotColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly missing: number;
}

export interface DatasetSnapshotRecord {
  readonly id: string;
  /** sha256 of the file's bytes, also its address in the artifact store: the same data is one snapshot. */
  readonly sha256: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly columns: readonly SnapshotColumn[];
  readonly labelColumn: string | null;
  readonly source: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface AliasRecord {
  readonly modelId: string;
  readonly alias: string;
  readonly versionId: string;
  readonly version: number;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export interface ArtifactRecord {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly mediaType: string;
  readonly createdAt: string;
}
