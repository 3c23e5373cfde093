/**
 * The result of comparing a current dataset with its reference, as `ballast drift --json` prints it
 * and the monitoring API returns it per window. Every number is finite: where a statistic cannot be
 * computed (an empty or all-missing column, a single value) the column says why in `note` and the
 * statistic is null, so the JSON never carries NaN.
 */

export type DriftColumnType = 'numeric' | 'categorical';

/** The test whose p-value (corrected across columns) and effect size decide a column. */
export type DriftMethod = 'ks' | 'chi2';

/** Numeric columns: Wasserstein / reference std; categorical ones: total variation distance. */
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

/**
 * What the report draws: the two distributions on shared bins (numeric) or categories. Numeric bins
 * are equal-width over both sides' range (core/drift/plot-bins.ts), not the reference deciles the
 * tests use, on which the reference would always be flat.
 */
export interface DistributionPlot {
  /** Numeric: bin labels such as "< 1.5", "[1.5, 2)", ">= 9"; categorical: the category, "(other)" last. */
  readonly bins: readonly string[];
  /** Interior bin edges for numeric columns (equal steps; the outer bins are open); absent for categories. */
  readonly edges?: readonly number[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

/**
 * Did the share of missing values change? Apart from drift (the tests above compare present values
 * only): the two-proportion z-test, corrected across the columns of the check like the drift tests,
 * and the absolute change of the share against its threshold. Shares are of the column's rows
 * (present + missing).
 */
export interface ColumnMissingness {
  readonly reference_share: number;
  readonly current_share: number;
  /** current_share − reference_share. */
  readonly change: number;
  readonly statistic: number;
  readonly p_value_raw: number;
  /** Benjamini–Hochberg adjusted across the columns' missingness tests. */
  readonly p_value: number;
  /** On the absolute change. */
  readonly threshold: number;
  /** Significant after the correction and |change| ≥ threshold. */
  readonly changed: boolean;
}

export interface ColumnDrift {
  readonly name: string;
  readonly type: DriftColumnType;
  readonly n_reference: number;
  readonly n_current: number;
  /** Missing values, counted apart: the tests compare the present values only. */
  readonly missing_reference: number;
  readonly missing_current: number;
  readonly drifted: boolean;
  readonly method: DriftMethod;
  /** The test statistic (KS D or chi-square). */
  readonly statistic: number | null;
  /** Benjamini–Hochberg adjusted across the columns of this check. */
  readonly p_value: number | null;
  /** The test's own p-value before the correction. */
  readonly p_value_raw: number | null;
  readonly effect_size: { readonly name: EffectSizeName; readonly value: number | null; readonly threshold: number };
  readonly metrics: NumericDriftMetrics | CategoricalDriftMetrics;
  /** Why a statistic is missing or the decision is limited (e.g. "not enough data"). */
  readonly note?: string;
  readonly distribution: DistributionPlot;
  /** Set by `decideDrift` when both sides have rows. */
  readonly missingness?: ColumnMissingness;
}

export interface MultivariateDrift {
  readonly method: 'pca_reconstruction';
  readonly columns: readonly string[];
  readonly drifted: boolean;
  /** Mean reconstruction error of the current data. */
  readonly statistic: number | null;
  readonly reference_mean: number | null;
  readonly p_value: number | null;
  /** Relative change of the mean reconstruction error against the reference's, signed (negative: the error fell); drift on its absolute value. */
  readonly effect_size: { readonly name: 'relative_error_change'; readonly value: number | null; readonly threshold: number };
  readonly note?: string;
}

export interface DatasetDrift {
  readonly drifted: boolean;
  readonly drifted_share: number;
  /** Columns compared (those with a decision), and how many drifted. */
  readonly columns: number;
  readonly drifted_columns: number;
  readonly share_threshold: number;
  /** Columns whose share of missing values changed (significant and large); not part of the drift verdict. */
  readonly missingness_changed_columns: number;
  readonly multivariate?: MultivariateDrift;
}

export interface DriftReport {
  readonly dataset: DatasetDrift;
  readonly columns: readonly ColumnDrift[];
  /** Columns present on one side only: reported, not compared. */
  readonly skipped?: readonly { readonly name: string; readonly reason: string }[];
}
