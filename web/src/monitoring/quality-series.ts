import type { MonitoringWindow, QualityColumn, WindowStatus } from '../api/monitoring-types.ts';
import { sortedWindows, windowKey } from './drift-series.ts';

/**
 * Data-quality counters per window — volume, missing values, values outside the reference's range,
 * categories the reference never had, contract violations — for the table and its sparklines.
 */

export interface QualityRow {
  readonly key: string;
  readonly start: string;
  readonly end: string;
  readonly status: WindowStatus;
  readonly rows: number;
  readonly violations: number;
  /** The chosen column's counters; undefined when the window has none for it (e.g. an output column). */
  readonly column: QualityColumn | undefined;
  /** The largest missing share of any column, and which: a problem elsewhere should not hide. */
  readonly worstMissing: { readonly column: string; readonly share: number } | undefined;
  /** How many columns had values outside the reference's range, or categories new to it. */
  readonly columnsOutOfRange: number;
  readonly columnsWithNewCategories: number;
}

export function qualityRows(windows: readonly MonitoringWindow[], column: string | undefined): QualityRow[] {
  return sortedWindows(windows)
    .reverse()
    .map((window) => {
      const columns = window.quality.columns;
      let worstMissing: QualityRow['worstMissing'];
      for (const c of columns)
        if (c.missing_share > 0 && (worstMissing === undefined || c.missing_share > worstMissing.share))
          worstMissing = { column: c.name, share: c.missing_share };
      return {
        key: windowKey(window),
        start: window.start,
        end: window.end,
        status: window.status,
        rows: window.quality.rows,
        violations: window.quality.violations_total,
        column: column === undefined ? undefined : columns.find((c) => c.name === column),
        worstMissing,
        columnsOutOfRange: columns.filter((c) => (c.out_of_range_share ?? 0) > 0).length,
        columnsWithNewCategories: columns.filter((c) => (c.new_categories?.length ?? 0) > 0).length,
      };
    });
}

export interface QualitySummary {
  readonly rows: number;
  readonly violations: number;
  /** Windows rebuilt from the log or marked incomplete: their numbers deserve a second look. */
  readonly degradedWindows: number;
  /** Every category new to the reference, per column, over the range. */
  readonly newCategories: readonly { readonly column: string; readonly categories: readonly string[] }[];
  /** Violations per column and code over the range, the most frequent first. */
  readonly violationsByRule: readonly { readonly column: string; readonly code: string; readonly count: number }[];
  /**
   * Columns whose missing share changed against the reference (the drift report's missingness test:
   * significant and large), with the windows where it did and the latest such window's shares.
   */
  readonly missingChanged: readonly {
    readonly column: string;
    readonly windows: number;
    readonly reference_share: number;
    readonly current_share: number;
  }[];
}

export function qualitySummary(windows: readonly MonitoringWindow[]): QualitySummary {
  const newCategories = new Map<string, Set<string>>();
  const byRule = new Map<string, { column: string; code: string; count: number }>();
  let rows = 0;
  let violations = 0;
  let degradedWindows = 0;
  const missingChanged = new Map<
    string,
    { column: string; windows: number; reference_share: number; current_share: number; start: string }
  >();
  for (const window of windows) {
    for (const column of window.drift?.columns ?? []) {
      const m = column.missingness;
      if (!m?.changed) continue;
      const seen = missingChanged.get(column.name);
      const latest = seen === undefined || window.start >= seen.start;
      missingChanged.set(column.name, {
        column: column.name,
        windows: (seen?.windows ?? 0) + 1,
        reference_share: m.reference_share,
        current_share: latest ? m.current_share : seen.current_share,
        start: latest ? window.start : seen.start,
      });
    }
    rows += window.quality.rows;
    violations += window.quality.violations_total;
    if (window.status === 'rebuilt' || window.status === 'incomplete') degradedWindows += 1;
    for (const column of window.quality.columns) {
      if (!column.new_categories?.length) continue;
      const seen = newCategories.get(column.name) ?? new Set<string>();
      for (const category of column.new_categories) seen.add(category);
      newCategories.set(column.name, seen);
    }
    for (const violation of window.quality.violations) {
      const key = `${violation.column}\u0000${violation.code}`;
      const total = byRule.get(key) ?? { column: violation.column, code: violation.code, count: 0 };
      total.count += violation.count;
      byRule.set(key, total);
    }
  }
  return {
    rows,
    violations,
    degradedWindows,
    newCategories: [...newCategories].map(([column, categories]) => ({ column, categories: [...categories].sort() })),
    violationsByRule: [...byRule.values()].sort((a, b) => b.count - a.count || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0)),
    missingChanged: [...missingChanged.values()]
      .map(({ start: _start, ...rest }) => rest)
      .sort((a, b) => b.windows - a.windows || (a.column < b.column ? -1 : 1)),
  };
}

export interface SparkBar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Bars for a sparkline `width` × `height` pixels, one slot per value, heights against the largest
 * value; null (no window) draws nothing, and a zero draws a one-pixel tick so "none" reads apart
 * from "no data".
 */
export function sparkBars(values: readonly (number | null)[], width: number, height: number): SparkBar[] {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const slot = values.length === 0 ? 0 : width / values.length;
  const gap = slot > 3 ? 1 : 0;
  const bars: SparkBar[] = [];
  values.forEach((value, i) => {
    if (value === null) return;
    const h = max > 0 ? Math.max(1, (value / max) * height) : 1;
    bars.push({ x: i * slot, y: height - h, width: Math.max(slot - gap, 0.5), height: h });
  });
  return bars;
}

/** One value per point of the chart (oldest first), null where the server had no window. */
export function perWindow(
  windowKeys: readonly (string | undefined)[],
  windows: readonly MonitoringWindow[],
  value: (window: MonitoringWindow) => number | null,
): (number | null)[] {
  const byKey = new Map(windows.map((w) => [windowKey(w), w]));
  return windowKeys.map((key) => {
    const window = key === undefined ? undefined : byKey.get(key);
    return window === undefined ? null : value(window);
  });
}
