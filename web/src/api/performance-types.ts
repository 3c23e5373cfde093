/**
 * A deployment's performance as the API serves it (`GET /v1/deployments/{name}/performance`): per
 * window and model version, the metrics realised from labels and estimated before labels (CBPE)
 * side by side, the confusion matrix, calibration, worst slices, latency and business KPIs. Like
 * monitoring-types.ts, these describe the wire format; the dashboard imports none of the server's
 * modules for them.
 */

import type { MonitoringWindowSize } from './monitoring-types.ts';

export interface ModelRef {
  readonly name: string;
  readonly version: number;
}

/**
 * One metric in one window, the same object as a chunk's metric in `ballast performance … --json`.
 * `realized` is null without labels; `estimated` (and its band) null where CBPE does not estimate
 * the metric (log loss, regression metrics) or the version has no labelled reference.
 */
export interface MetricValue {
  readonly realized: number | null;
  readonly estimated: number | null;
  readonly sampling_error: number | null;
  /** The alert bounds: an estimate outside lower..upper raises `alert`. */
  readonly lower: number | null;
  readonly upper: number | null;
  readonly alert: boolean;
}

export interface ConfusionMatrix {
  readonly classes: readonly (string | number)[];
  /** counts[actual][predicted], in the order of `classes`. */
  readonly counts: readonly (readonly number[])[];
}

/** One bin of the reliability diagram: predicted score against the observed rate of the positive class. */
export interface CalibrationPoint {
  readonly bin_start: number;
  readonly bin_end: number;
  readonly mean_score: number;
  readonly observed_rate: number;
  readonly count: number;
}

export interface Calibration {
  readonly expected_calibration_error: number;
  readonly maximum_calibration_error: number;
  readonly points: readonly CalibrationPoint[];
}

/** A slice (a category, or a numeric bin of the reference) significantly worse than the window overall. */
export interface WorstSlice {
  readonly column: string;
  readonly slice: string;
  readonly rows: number;
  readonly labelled_rows: number;
  readonly metric: string;
  readonly value: number;
  readonly overall: number;
  readonly p_value: number;
}

export interface WindowLatency {
  readonly p50_ms: number;
  readonly p95_ms: number;
  readonly p99_ms: number;
  readonly errors: number;
}

export type KpiAggregate = 'rate' | 'sum' | 'mean';

/** A business KPI in one window: its value over `count` predictions, with a 95% confidence interval. */
export interface WindowKpi {
  readonly name: string;
  readonly event: string;
  readonly aggregate: KpiAggregate;
  readonly value: number | null;
  readonly count: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface PerformanceWindow {
  readonly start: string;
  readonly end: string;
  /** One entry per window and version, as in the monitoring route. */
  readonly model: ModelRef;
  /** Logged predictions of this version in the window. */
  readonly rows: number;
  /** Of them, the ones with a current label. */
  readonly labelled_rows: number;
  /** Labels that could not be used (a class the version does not know, say). */
  readonly skipped_labels?: number;
  readonly metrics: Readonly<Record<string, MetricValue>>;
  /** For metrics computed from mergeable summaries: the most each can be off by. */
  readonly error_bounds?: Readonly<Record<string, number>>;
  /** Null for a regressor, or without labels. */
  readonly confusion_matrix: ConfusionMatrix | null;
  readonly calibration: Calibration | null;
  /** `reason`: why slices were not compared in this window, when they were not. */
  readonly slices: { readonly worst: readonly WorstSlice[]; readonly reason?: string | null } | null;
  readonly latency: WindowLatency | null;
  readonly kpis: readonly WindowKpi[];
}

export interface KpiSide {
  readonly model: ModelRef;
  readonly value: number | null;
  readonly count: number;
}

/** Two versions serving at the same time compared on a KPI: two proportions (z) or Welch's t. */
export interface KpiComparison {
  readonly name: string;
  readonly a: KpiSide;
  readonly b: KpiSide;
  readonly difference: number | null;
  readonly p_value: number | null;
  readonly test: 'two_proportion_z' | 'welch_t';
}

export interface DeploymentPerformance {
  readonly deployment: string;
  /** Of the version the deployment serves now; null when its output says neither. */
  readonly task: 'classification' | 'regression' | null;
  readonly window: MonitoringWindowSize;
  readonly window_ms: number;
  readonly from: string;
  readonly to: string;
  /** Null when the version served has no labelled reference, so nothing is estimated before labels. */
  readonly estimation: { readonly model: ModelRef; readonly reference_rows: number | null } | null;
  /** Windows with traffic, oldest first. */
  readonly windows: readonly PerformanceWindow[];
  readonly kpi_comparisons: readonly KpiComparison[];
}
