/** The server's JSON API as the dashboard reads it (see docs and the server's /openapi.json). */

import type { PredictionViolation } from './contract-types.ts';

export type Role = 'viewer' | 'operator' | 'admin';

export interface Whoami {
  readonly actor: string;
  readonly role: Role;
}

export interface ModelSummary {
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  readonly tags: readonly string[];
  readonly latestVersion: number | null;
  readonly versionCount: number;
  readonly createdAt: string;
}

export interface Model {
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  readonly intendedUse: string;
  readonly tags: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface VersionSummary {
  readonly version: number;
  readonly format: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly artifactSha256: string;
  readonly codeRef: string | null;
  readonly snapshotId: string | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly aliases: readonly string[];
}

export interface Alias {
  readonly alias: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface ModelDetail {
  readonly model: Model;
  readonly versions: readonly VersionSummary[];
  readonly aliases: readonly Alias[];
}

export type ClassLabel = string | number;

export interface FeatureSpec {
  readonly name: string;
  readonly type: string;
  readonly categories?: readonly string[];
}

export interface Signature {
  readonly inputs: readonly FeatureSpec[];
  readonly output: { readonly kind: string; readonly classes?: readonly ClassLabel[] };
}

export interface Version extends VersionSummary {
  readonly signature: Signature;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The data contract its inputs must meet; null when the version has none. */
  readonly contractId: string | null;
}

export interface SnapshotColumn {
  readonly name: string;
  readonly type: string;
  readonly missing: number;
}

export interface Snapshot {
  readonly id: string;
  readonly sha256: string;
  readonly rowCount: number;
  readonly columnCount: number;
  readonly columns: readonly SnapshotColumn[];
  readonly labelColumn: string | null;
  readonly source: string;
  readonly createdAt: string;
}

export interface Artifact {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly mediaType: string;
}

export interface VersionDetail {
  readonly model: Model;
  readonly version: Version;
  readonly artifact: Artifact;
  readonly snapshot: Snapshot | null;
  readonly aliases: readonly string[];
}

export interface ModelVersionRef {
  readonly name: string;
  readonly version: number;
}

export interface Deployment {
  readonly name: string;
  readonly model: ModelVersionRef;
  /** logSampleRate: the share of predictions kept in the raw log (1 = all; absent from older servers). */
  readonly config: { readonly maxBatchSize: number; readonly maxDelayMs: number; readonly logSampleRate?: number };
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly revision: number;
}

export interface DeploymentRevision {
  readonly revision: number;
  readonly model: ModelVersionRef;
  readonly at: string;
  readonly actor: string;
}

export interface DeploymentDetail extends Deployment {
  readonly history: readonly DeploymentRevision[];
}

export type PredictionOutput =
  | { readonly label: ClassLabel; readonly probabilities: readonly number[] }
  | { readonly value: number };

export interface Prediction {
  readonly id: string;
  readonly at: string;
  readonly deployment: string;
  readonly model: ModelVersionRef;
  readonly requestId: string | null;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly output: PredictionOutput;
  readonly latencyMs: number;
  /** Contract rules a `flag` policy let through; empty when the row met its contract. */
  readonly violations: readonly PredictionViolation[];
}

export interface PredictionPage {
  readonly predictions: readonly Prediction[];
  readonly next: string | null;
}

export interface PredictionDetail extends Prediction {
  readonly lineage: {
    /** Null only when the version record is gone, which the registry does not allow; shown as not recorded. */
    readonly artifactSha256: string | null;
    readonly snapshotSha256: string | null;
    readonly codeRef: string | null;
    /** The contract the inputs were checked against; null when the version has none. */
    readonly contract: { readonly name: string; readonly sha256: string } | null;
  };
}

/** An RFC 9457 problem document, as every error of the API is answered. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly code?: string;
  readonly detail?: string;
  readonly issues?: readonly ProblemIssue[];
}

/**
 * One problem with the input (src/core/issues.ts): `code` says what kind (`missing`,
 * `invalid_type`, `out_of_range`, …), `path` where, from the outside in, e.g. `["instances", 0, "age"]`.
 */
export interface ProblemIssue {
  readonly code: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
}
