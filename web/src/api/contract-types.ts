/**
 * Data contracts as the API serves them (`GET /v1/models/{name}/versions/{v}/contract`), and the
 * violations the serving path counts. Mirrors src/core/contracts/contract-types.ts, which the
 * dashboard does not import: it reads the wire format, not the server's modules.
 */

export type ColumnKind = 'number' | 'integer' | 'boolean' | 'category' | 'string' | 'timestamp';
export type Severity = 'error' | 'warn';
export type ViolationPolicy = 'reject' | 'flag';

export interface ColumnRule {
  readonly type: ColumnKind;
  readonly nullable?: boolean;
  readonly missing_max?: number;
  readonly min?: number | string;
  readonly max?: number | string;
  readonly values?: readonly (string | number | boolean)[];
  readonly pattern?: string;
  readonly unique?: boolean;
  readonly mostly?: number;
  readonly severity?: Severity;
  readonly on_violation?: ViolationPolicy;
  readonly description?: string;
}

export interface DatasetRules {
  readonly row_count?: { readonly min?: number; readonly max?: number };
  readonly duplicate_rows_max?: number;
  readonly label?: { readonly column: string; readonly min_class_share?: number; readonly min_minority_share?: number };
  readonly freshness?: { readonly column: string; readonly max_delay: string };
  readonly allow_extra_columns?: boolean;
}

export interface Contract {
  readonly format: string;
  readonly name?: string;
  readonly description?: string;
  readonly defaults?: { readonly severity?: Severity; readonly on_violation?: ViolationPolicy };
  readonly columns: Readonly<Record<string, ColumnRule>>;
  readonly dataset?: DatasetRules;
}

export interface ReportIssue {
  readonly code: string;
  /** Null for dataset-level rules. */
  readonly column: string | null;
  readonly severity: Severity;
  readonly count: number;
  readonly share: number;
  readonly examples: readonly { readonly row: number; readonly value: unknown }[];
  readonly message: string;
}

export interface ValidationReport {
  readonly passed: boolean;
  readonly rows: number;
  readonly issues: readonly ReportIssue[];
}

/** A version's contract, with how its training data fared at registration (null when no data was checked). */
export interface VersionContract {
  readonly name: string;
  readonly sha256: string;
  readonly created_at: string;
  readonly created_by: string;
  readonly contract: Contract;
  readonly training_report: ValidationReport | null;
}

/** Violations of one column, code and policy in one minute. */
export interface ViolationWindow {
  readonly window_start: string;
  readonly column: string;
  readonly code: string;
  readonly policy: ViolationPolicy;
  readonly count: number;
}

export interface DeploymentViolations {
  readonly deployment: string;
  readonly from: string;
  readonly to: string;
  readonly windows: readonly ViolationWindow[];
}

export interface PredictionViolation {
  readonly column: string;
  readonly code: string;
  readonly message: string;
}
