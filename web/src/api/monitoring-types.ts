/**
 * Monitoring windows as the API serves them (`GET /v1/deployments/{name}/monitoring`). The drift
 * part mirrors src/core/drift/drift-report.ts, which the dashboard does not import: its types
 * describe the wire format, not the server's modules. (What it does share with the server is pure
 * presentation: src/core/drift/drift-wording.ts, how figures and decisions are printed.)
 */

export type MonitoringWindowSize = '1m' | '5m' | '15m' | '1h' | '1d';

export type DriftColumnType = 'numeric' | 'categorical';
export type DriftMethod = 'ks' | 'chi2';
export type EffectSizeName = 'wasserstein_norm' | 'tvd';

export interface NumericDriftMetrics {
  readonly ks: { readonly statistic: number | null; readonly p_value: number | null };
  readonly wasserstein: number | null;
  readonly wasserstein_norm: number | null;
  readonly psi: number | null;
  readonly jensen_shannon: number | null;
}

export interface CategoricalDriftMetrics {
  readonly chi2: { readonly statistic: number | null; readonly p_value: number | null };
  readonly psi: number | null;
  readonly jensen_shannon: number | null;
  readonly tvd: number | null;
}

/** Counts per bin on both sides; the dashboard draws them as shares. */
export interface DistributionPlot {
  /** Numeric: bin labels such as "< 1.5", "[1.5, 2.7)", ">= 9"; categorical: the category, "(other)" last. */
  readonly bins: readonly string[];
  /** Interior bin edges for numeric columns (the reference's quantiles); absent for categories. */
  readonly edges?: readonly number[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

/** Whether the column's share of missing values changed (apart from drift); see ColumnMissingness in src/core/drift/drift-report.ts. */
export interface ColumnMissingness {
  readonly reference_share: number;
  readonly current_share: number;
  readonly change: number;
  readonly statistic: number;
  readonly p_value_raw: number;
  readonly p_value: number;
  readonly threshold: number;
  readonly changed: boolean;
}

export interface ColumnDrift {
  /** A feature name, or `prediction.label`, `prediction.probability.<class>`, `prediction.value`. */
  readonly name: string;
  readonly type: DriftColumnType;
  readonly n_reference?: number;
  readonly n_current?: number;
  readonly missing_reference?: number;
  readonly missing_current?: number;
  readonly drifted: boolean;
  readonly method: DriftMethod;
  readonly statistic: number | null;
  /** Benjamini–Hochberg adjusted across the columns of the window's check. */
  readonly p_value: number | null;
  readonly p_value_raw?: number | null;
  readonly effect_size: { readonly name: EffectSizeName; readonly value: number | null; readonly threshold: number };
  readonly metrics: NumericDriftMetrics | CategoricalDriftMetrics;
  readonly note?: string;
  readonly distribution: DistributionPlot;
  readonly missingness?: ColumnMissingness;
  /** The column's rank in the served version's global importance (1 = most important); null or absent when unknown. */
  readonly importance_rank?: number | null;
}

export interface MultivariateDrift {
  readonly method: string;
  readonly columns: readonly string[];
  readonly drifted: boolean;
  readonly statistic: number | null;
  readonly reference_mean?: number | null;
  readonly p_value: number | null;
  readonly effect_size: { readonly name: string; readonly value: number | null; readonly threshold: number };
  readonly note?: string;
}

export interface DatasetDrift {
  readonly drifted: boolean;
  readonly drifted_share: number;
  readonly columns: number;
  readonly drifted_columns: number;
  readonly share_threshold: number;
  /** Columns whose missing share changed; absent in answers from before the missingness test. */
  readonly missingness_changed_columns?: number;
  readonly multivariate?: MultivariateDrift;
}

export interface DriftReport {
  readonly dataset: DatasetDrift;
  readonly columns: readonly ColumnDrift[];
  readonly skipped?: readonly { readonly name: string; readonly reason: string }[];
}

export interface QualityColumn {
  readonly name: string;
  readonly missing_share: number;
  readonly invalid: number;
  /** Null for columns without a range (categories). */
  readonly out_of_range_share: number | null;
  /** Null for numeric columns (or when the reference kept too many categories to tell); the first few new ones. */
  readonly new_categories: readonly string[] | null;
  /** How many new categories there were in all (the list is capped). */
  readonly new_category_count?: number | null;
  /** As in ColumnDrift: the column's global importance rank, null or absent when unknown. */
  readonly importance_rank?: number | null;
}

export interface QualityViolation {
  readonly column: string;
  readonly code: string;
  readonly policy: 'reject' | 'flag';
  readonly count: number;
}

export interface WindowQuality {
  readonly rows: number;
  readonly columns: readonly QualityColumn[];
  readonly violations: readonly QualityViolation[];
  readonly violations_total: number;
}

/**
 * `complete`: flushed normally; `rebuilt`: recomputed from the prediction log after a crash;
 * `incomplete`: part of it was lost and could not be rebuilt; `live`: the window still open.
 */
export type WindowStatus = 'complete' | 'rebuilt' | 'incomplete' | 'live';

export interface MonitoringWindow {
  readonly start: string;
  readonly end: string;
  readonly model: { readonly name: string; readonly version: number };
  readonly rows: number;
  readonly status: WindowStatus;
  /** Null when the window could not be compared (no reference profile, or no rows). */
  readonly drift: DriftReport | null;
  readonly quality: WindowQuality;
}

export interface MonitoringReference {
  readonly model: string;
  readonly version: number;
  readonly rows: number;
}

export interface DeploymentMonitoring {
  readonly deployment: string;
  readonly window: MonitoringWindowSize;
  readonly window_ms: number;
  readonly from: string;
  readonly to: string;
  /** Null when the version served has no reference profile (registered without training data). */
  readonly reference: MonitoringReference | null;
  /** Windows with traffic, oldest first. */
  readonly windows: readonly MonitoringWindow[];
}
