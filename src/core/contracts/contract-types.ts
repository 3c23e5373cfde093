/**
 * A data contract: what every row and every dataset given to a model must satisfy. Written by hand
 * or inferred (`ballast contract infer`), stored immutable and hashed like an artifact, and linked
 * from each model version. Documented in docs/contracts.md; its own JSON Schema is
 * docs/contract.schema.json. The format's version is `ballast.contract/v1`.
 */

export const CONTRACT_FORMAT = 'ballast.contract/v1';

export type ColumnKind = 'number' | 'integer' | 'boolean' | 'category' | 'string' | 'timestamp';

export type Severity = 'error' | 'warn';

/** On the serving path: refuse the request (422) or serve it and record the violation. */
export type ViolationPolicy = 'reject' | 'flag';

export interface ColumnRule {
  readonly type: ColumnKind;
  /** May the value be missing (empty cell, null)? Default true. */
  readonly nullable?: boolean;
  /** Largest share of missing values the dataset may have (0-1). */
  readonly missing_max?: number;
  /** Numbers, integers and timestamps (ISO-8601 text for timestamps). */
  readonly min?: number | string;
  readonly max?: number | string;
  /** Allowed values of a category. */
  readonly values?: readonly (string | number | boolean)[];
  /** A regular expression (JavaScript syntax, whole value) that strings must match. */
  readonly pattern?: string;
  /** No value may repeat in the dataset. */
  readonly unique?: boolean;
  /**
   * The share of non-missing rows that must pass the value checks (range, values, pattern), as
   * Great Expectations' `mostly`. Default 1.
   */
  readonly mostly?: number;
  /** Default from the contract's `defaults`, else 'error'. */
  readonly severity?: Severity;
  /** Default from the contract's `defaults`, else 'reject'. */
  readonly on_violation?: ViolationPolicy;
  readonly description?: string;
  /** How people call the column (`debt-to-income ratio`): plain-language reasons use it instead of the name. */
  readonly label?: string;
  /** The unit of its values (`years`, `months`, `%`), written after a value in plain-language reasons. */
  readonly unit?: string;
  /**
   * The column's values are masked (`***`) wherever they leave Ballast for a principal without the
   * `sensitive:read` permission (docs/privacy.md); `pii`: likewise, and it identifies a person.
   * Aggregates (drift, profiles, fairness) are not affected.
   */
  readonly sensitive?: boolean;
  readonly pii?: boolean;
}

export interface DatasetRules {
  readonly row_count?: { readonly min?: number; readonly max?: number };
  /** Largest share of rows that repeat an earlier row exactly. */
  readonly duplicate_rows_max?: number;
  /** The label column and the smallest share each class (or the minority class) must have. */
  readonly label?: { readonly column: string; readonly min_class_share?: number; readonly min_minority_share?: number };
  /** Data must be fresh: the newest value of `column` may lag the check time by at most `max_delay`. */
  readonly freshness?: { readonly column: string; readonly max_delay: string };
  /** Columns not listed in `columns` are an error (strict) or allowed (default). */
  readonly allow_extra_columns?: boolean;
}

export interface Contract {
  readonly format: typeof CONTRACT_FORMAT;
  readonly name?: string;
  readonly description?: string;
  readonly defaults?: { readonly severity?: Severity; readonly on_violation?: ViolationPolicy };
  /** Column name -> rule. Order is the order they are reported in. */
  readonly columns: Readonly<Record<string, ColumnRule>>;
  readonly dataset?: DatasetRules;
}

/** The codes a validation report uses, one per kind of failed rule. */
export const VIOLATION_CODES = [
  'missing_column',
  'unexpected_column',
  'type_mismatch',
  'null_not_allowed',
  'missing_share',
  'out_of_range',
  'unknown_category',
  'pattern_mismatch',
  'not_unique',
  'row_count',
  'duplicate_rows',
  'label_imbalance',
  'stale_data',
] as const;

export type ViolationCode = (typeof VIOLATION_CODES)[number];

export interface ReportIssue {
  readonly code: ViolationCode;
  /** Null for dataset-level rules. */
  readonly column: string | null;
  readonly severity: Severity;
  /** Rows (or values) that broke the rule. */
  readonly count: number;
  /** count / rows considered. */
  readonly share: number;
  readonly examples: readonly { readonly row: number; readonly value: unknown }[];
  readonly message: string;
}

/** `ballast contract validate --json` prints exactly this. */
export interface ValidationReport {
  readonly passed: boolean;
  readonly rows: number;
  readonly issues: readonly ReportIssue[];
}
