/** The server's JSON API as the dashboard reads it (see docs and the server's /openapi.json). */

import type { PredictionViolation } from './contract-types.ts';

/** Least to most: a reviewer lists and decides review items, an operator also changes deployments. */
export type Role = 'metrics' | 'viewer' | 'reviewer' | 'approver' | 'operator' | 'admin';

export interface Whoami {
  readonly actor: string;
  readonly role: Role;
}

export interface ModelSummary {
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  readonly tags: readonly string[];
  readonly latest_version: number | null;
  readonly version_count: number;
  readonly created_at: string;
}

export interface Model {
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  readonly intended_use: string;
  readonly tags: readonly string[];
  readonly created_at: string;
  readonly created_by: string;
}

export interface VersionSummary {
  readonly version: number;
  readonly format: string;
  readonly created_at: string;
  readonly created_by: string;
  readonly artifact_sha256: string;
  readonly code_ref: string | null;
  readonly snapshot_id: string | null;
  readonly metrics: Readonly<Record<string, number>>;
  readonly aliases: readonly string[];
}

export interface Alias {
  readonly alias: string;
  readonly version: number;
  readonly updated_at: string;
  readonly updated_by: string;
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
  readonly contract_id: string | null;
}

export interface SnapshotColumn {
  readonly name: string;
  readonly type: string;
  readonly missing: number;
}

export interface Snapshot {
  readonly id: string;
  readonly sha256: string;
  readonly row_count: number;
  readonly column_count: number;
  readonly columns: readonly SnapshotColumn[];
  readonly label_column: string | null;
  readonly source: string;
  readonly created_at: string;
}

export interface Artifact {
  readonly sha256: string;
  readonly size_bytes: number;
  readonly media_type: string;
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
  /** log_sample_rate: the share of predictions kept in the raw log (1 = all; absent from older servers). */
  /** kpis: the business KPIs computed from outcome events (absent from older servers). */
  readonly config: {
    readonly max_batch_size: number;
    readonly max_delay_ms: number;
    readonly log_sample_rate?: number;
    readonly kpis?: readonly { readonly name: string; readonly event: string; readonly aggregate: string }[];
  };
  readonly created_at: string;
  readonly updated_at: string;
  readonly updated_by: string;
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

export type PredictionOutput = { readonly label: ClassLabel; readonly probabilities: readonly number[] } | { readonly value: number };

export interface Prediction {
  readonly id: string;
  readonly at: string;
  readonly deployment: string;
  readonly model: ModelVersionRef;
  readonly request_id: string | null;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly output: PredictionOutput;
  readonly latency_ms: number;
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
    readonly artifact_sha256: string | null;
    readonly snapshot_sha256: string | null;
    readonly code_ref: string | null;
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

/** `GET /v1/overview`: a deployment at a glance, each figure with where it comes from. */
export interface DeploymentOverview {
  readonly name: string;
  readonly model: ModelVersionRef;
  readonly revision: number;
  readonly updated_at: string;
  /** Whether the server answering has the deployment loaded. */
  readonly serving: boolean;
  /** Prediction requests the server answered and failed since it started; null when it does not count them. */
  readonly requests: { readonly answered: number; readonly failed: number; readonly error_rate: number | null } | null;
  /** latency_ms of the newest logged predictions (at most 1,000) since `since`; null without any. */
  readonly latency: {
    readonly since: string;
    readonly predictions: number;
    readonly p50_ms: number;
    readonly p99_ms: number;
    readonly mean_ms: number;
  } | null;
  /** The newest window of the last hour compared with its reference; null when none could be. */
  readonly drift: {
    readonly window_start: string;
    readonly window_end: string;
    readonly rows: number;
    readonly drifted: boolean;
    readonly drifted_share: number;
    readonly drifted_columns: number;
    readonly columns: number;
  } | null;
}
