import type {
  Calibration,
  DeploymentPerformance,
  KpiComparison,
  ModelRef,
  PerformanceWindow,
  WindowKpi,
  WorstSlice,
} from '../api/performance-types.ts';
import { versionKey, versionsOf } from './performance-series.ts';

/**
 * What the performance page shows of one window rather than over time: the reliability diagram and
 * worst slices of the latest window that has them, the KPIs of each version, and latency per window.
 */

/** The version's windows, newest first. */
function newestFirst(windows: readonly PerformanceWindow[], version: string | undefined): PerformanceWindow[] {
  return windows.filter((w) => versionKey(w.model) === version).sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
}

/**
 * Labels arrive late, so the newest windows hold few of them, and a reliability diagram or slice test
 * of a few dozen labels is mostly noise: the page shows the newest window with at least this many
 * labelled predictions, or else the one with the most.
 */
export const MIN_LABELLED_FOR_DETAIL = 100;

function detailWindow(candidates: readonly PerformanceWindow[]): PerformanceWindow | undefined {
  const enough = candidates.find((w) => w.labelled_rows >= MIN_LABELLED_FOR_DETAIL);
  if (enough !== undefined) return enough;
  // Newest first already: a stable sort keeps the newest of equally labelled windows first.
  return [...candidates].sort((a, b) => b.labelled_rows - a.labelled_rows)[0];
}

export interface LatestCalibration {
  readonly window: PerformanceWindow;
  readonly calibration: Calibration;
}

/** The version's window for the reliability diagram (which needs labels; see detailWindow); undefined when none has one. */
export function latestCalibration(windows: readonly PerformanceWindow[], version: string | undefined): LatestCalibration | undefined {
  const window = detailWindow(newestFirst(windows, version).filter((w) => w.calibration !== null && w.calibration.points.length > 0));
  return window && { window, calibration: window.calibration! };
}

export type SlicesState =
  | { readonly kind: 'no-labels' }
  /** `reason`: the server's, when it did not compare the slices at all. */
  | { readonly kind: 'none-worse'; readonly window: PerformanceWindow; readonly reason: string | undefined }
  | { readonly kind: 'worst'; readonly window: PerformanceWindow; readonly slices: readonly WorstSlice[] };

/**
 * The worst slices of the version's best-labelled recent window (detailWindow), the most significant first. A labelled window
 * where no slice is significantly worse is news too ("none worse"), unlike a range without labels.
 */
export function latestSlices(windows: readonly PerformanceWindow[], version: string | undefined): SlicesState {
  const window = detailWindow(newestFirst(windows, version).filter((w) => w.labelled_rows > 0 && w.slices !== null));
  if (window === undefined) return { kind: 'no-labels' };
  const worst = window.slices?.worst ?? [];
  if (worst.length === 0) return { kind: 'none-worse', window, reason: window.slices?.reason ?? undefined };
  return { kind: 'worst', window, slices: [...worst].sort((a, b) => a.p_value - b.p_value || a.value - a.overall - (b.value - b.overall)) };
}

export interface VersionKpis {
  readonly model: ModelRef;
  /** The newest window of the version that has KPI values; undefined when the version has none. */
  readonly window: PerformanceWindow | undefined;
  readonly kpis: readonly WindowKpi[];
}

/** For each version in the range, its KPIs in its newest window with any. */
export function kpisByVersion(windows: readonly PerformanceWindow[]): VersionKpis[] {
  return versionsOf(windows).map((model) => {
    const window = newestFirst(windows, versionKey(model)).find((w) => w.kpis.length > 0);
    return { model, window, kpis: window?.kpis ?? [] };
  });
}

/** Whether any window defines a KPI: without one, the page explains how to define them. */
export function hasKpis(answer: DeploymentPerformance): boolean {
  return answer.windows.some((w) => w.kpis.length > 0) || answer.kpi_comparisons.length > 0;
}

/** Significant at 5%: the comparison's verdict in words, so the table does not only show a p-value. */
export function comparisonVerdict(comparison: KpiComparison): string {
  const { p_value: p, difference } = comparison;
  if (p === null || difference === null) return 'not enough data to compare';
  if (p >= 0.05) return 'no significant difference';
  return `${versionKey(comparison.b.model)} ${difference > 0 ? 'higher' : 'lower'}`;
}

export interface LatencySeriesPoints {
  readonly times: number[];
  readonly p50: (number | null)[];
  readonly p95: (number | null)[];
  readonly p99: (number | null)[];
  readonly errors: (number | null)[];
}

/** p50, p95 and p99 of the version per window (x in Unix seconds), null where the window has no latency. */
export function latencyPoints(windows: readonly PerformanceWindow[], version: string | undefined): LatencySeriesPoints {
  const known = newestFirst(windows, version)
    .reverse()
    .filter((w) => w.latency !== null && Number.isFinite(Date.parse(w.start)));
  return {
    times: known.map((w) => Date.parse(w.start) / 1000),
    p50: known.map((w) => w.latency!.p50_ms),
    p95: known.map((w) => w.latency!.p95_ms),
    p99: known.map((w) => w.latency!.p99_ms),
    errors: known.map((w) => w.latency!.errors),
  };
}

export interface LabelCoverage {
  readonly rows: number;
  readonly labelledRows: number;
}

/** Rows and labelled rows of the version over the range. */
export function labelCoverage(windows: readonly PerformanceWindow[], version: string | undefined): LabelCoverage {
  let rows = 0;
  let labelledRows = 0;
  for (const w of windows)
    if (versionKey(w.model) === version) {
      rows += w.rows;
      labelledRows += w.labelled_rows;
    }
  return { rows, labelledRows };
}
