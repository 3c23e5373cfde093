import type { ColumnDrift, DeploymentMonitoring, EffectSizeName, MonitoringWindow } from '../api/monitoring-types.ts';

/**
 * Drift over time for one column, shaped for the chart: one point per window of the asked range
 * (null where there was no traffic or no comparison, so the line breaks instead of bridging a gap),
 * the effect size against its threshold, and the drifted windows apart so they can be marked.
 */

export type ColumnRole = 'input' | 'output';

export interface MonitoredColumn {
  readonly name: string;
  readonly role: ColumnRole;
  /** Windows that compared the column with the reference, and those that called it drifted. */
  readonly comparedWindows: number;
  readonly driftedWindows: number;
  /** Its rank in the global importance of the version served (newest window that gave one); undefined when unknown. */
  readonly importanceRank?: number;
}

/** Output columns are named by the server; everything else is a model input. */
export function columnRole(name: string): ColumnRole {
  return name === 'prediction.label' || name === 'prediction.value' || name.startsWith('prediction.probability.') ? 'output' : 'input';
}

/**
 * A window's identity: its start and the model version it served. When a deployment switches
 * versions mid-window the server answers two windows with one start, each against its own reference.
 */
export function windowKey(window: MonitoringWindow): string {
  return `${window.start}|${window.model.name}:${window.model.version}`;
}

/** Windows oldest first, whatever order they arrived in. */
export function sortedWindows(windows: readonly MonitoringWindow[]): MonitoringWindow[] {
  return [...windows].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/**
 * Every column of any window — compared for drift or only counted for data quality (as when the
 * version has no reference) — inputs in the order the server lists them, then outputs. When the server
 * gives the inputs' global importance ranks (`importance_rank`), inputs come most important first ("monitor
 * the features that matter most"), those without a rank after them in the server's order.
 */
export function monitoredColumns(windows: readonly MonitoringWindow[]): MonitoredColumn[] {
  const byName = new Map<
    string,
    { name: string; role: ColumnRole; comparedWindows: number; driftedWindows: number; importanceRank?: number }
  >();
  const entry = (name: string, rank: number | null | undefined) => {
    let column = byName.get(name);
    if (column === undefined) {
      column = { name, role: columnRole(name), comparedWindows: 0, driftedWindows: 0 };
      byName.set(name, column);
    }
    // Windows come oldest first, so the newest rank wins (a redeploy may serve a version ranked otherwise).
    if (typeof rank === 'number' && Number.isFinite(rank)) column.importanceRank = rank;
    return column;
  };
  for (const window of sortedWindows(windows)) {
    for (const column of window.drift?.columns ?? []) {
      const option = entry(column.name, column.importance_rank);
      option.comparedWindows += 1;
      if (column.drifted) option.driftedWindows += 1;
    }
    for (const column of window.quality.columns) entry(column.name, column.importance_rank);
  }
  const all = [...byName.values()];
  const inputs = all.filter((c) => c.role === 'input');
  // A stable sort: unranked inputs keep the server's order, after the ranked ones.
  const ranked = inputs.some((c) => c.importanceRank !== undefined)
    ? [...inputs].sort((a, b) => (a.importanceRank ?? Infinity) - (b.importanceRank ?? Infinity))
    : inputs;
  return [...ranked, ...all.filter((c) => c.role === 'output')];
}

export function latestComparedWindow(windows: readonly MonitoringWindow[]): MonitoringWindow | undefined {
  return sortedWindows(windows)
    .reverse()
    .find((w) => w.drift !== null);
}

export function columnIn(window: MonitoringWindow | undefined, column: string): ColumnDrift | undefined {
  return window?.drift?.columns.find((c) => c.name === column);
}

/** Effect relative to its threshold: 1 is the line, above it the shift is practically large. */
function severity(column: ColumnDrift): number {
  const value = column.effect_size.value;
  if (value === null) return -Infinity;
  return column.effect_size.threshold > 0 ? value / column.effect_size.threshold : value;
}

/**
 * The column a user most likely came for: in the newest compared window, a drifted column before a
 * stable one, then the largest effect against its threshold; the first column when nothing was compared.
 */
export function defaultColumn(windows: readonly MonitoringWindow[], options: readonly MonitoredColumn[]): string | undefined {
  const latest = latestComparedWindow(windows);
  const ranked = [...(latest?.drift?.columns ?? [])].sort((a, b) => Number(b.drifted) - Number(a.drifted) || severity(b) - severity(a));
  return ranked[0]?.name ?? options[0]?.name;
}

export interface ColumnDriftSeries {
  readonly column: string;
  /** Window starts in Unix seconds, every window of the range, ascending (uPlot's x values). */
  readonly times: number[];
  /** The end of the range in Unix seconds. */
  readonly end: number;
  /** The key (`windowKey`) of the window at each point, or undefined where the server had none. */
  readonly windowKeys: (string | undefined)[];
  readonly effects: (number | null)[];
  readonly thresholds: (number | null)[];
  /** The effect where the column was called drifted, null elsewhere: drawn as markers. */
  readonly drifted: (number | null)[];
  readonly pValues: (number | null)[];
  /** The effect size's name, from the first window that compared the column. */
  readonly effectName: EffectSizeName | undefined;
  /** How many windows compared the column, and how many of those called it drifted. */
  readonly compared: number;
  readonly driftedCount: number;
}

export function columnDriftSeries(monitoring: DeploymentMonitoring, column: string): ColumnDriftSeries {
  const step = monitoring.window_ms;
  const from = Date.parse(monitoring.from);
  const to = Date.parse(monitoring.to);
  const starts: number[] = [];
  // A malformed answer (no window length, or a range backwards) gives no points rather than a loop without end.
  if (step > 0 && Number.isFinite(from) && Number.isFinite(to)) for (let t = from; t < to; t += step) starts.push(t);
  const index = new Map(starts.map((t, i) => [t, i]));

  // Two versions in one window: the point is the one that served more rows.
  const plotted = starts.map((): MonitoringWindow | undefined => undefined);
  for (const window of monitoring.windows) {
    const i = index.get(Date.parse(window.start));
    // A window off the grid (another length, outside the range) has no point to land on.
    if (i === undefined) continue;
    if (window.rows > (plotted[i]?.rows ?? -1)) plotted[i] = window;
  }

  const empty = () => starts.map((): number | null => null);
  const effects = empty();
  const thresholds = empty();
  const drifted = empty();
  const pValues = empty();
  const windowKeys = plotted.map((window) => window && windowKey(window));
  let effectName: EffectSizeName | undefined;
  let compared = 0;
  let driftedCount = 0;
  plotted.forEach((window, i) => {
    const drift = columnIn(window, column);
    if (drift === undefined) return;
    effectName ??= drift.effect_size.name;
    if (drift.p_value !== null) compared += 1;
    if (drift.drifted) driftedCount += 1;
    effects[i] = drift.effect_size.value;
    thresholds[i] = drift.effect_size.threshold;
    pValues[i] = drift.p_value;
    drifted[i] = drift.drifted ? drift.effect_size.value : null;
  });
  fillThresholds(thresholds);
  return {
    column,
    times: starts.map((t) => t / 1000),
    end: to / 1000,
    windowKeys,
    effects,
    thresholds,
    drifted,
    pValues,
    effectName,
    compared,
    driftedCount,
  };
}

/**
 * The threshold is a setting, not a measurement: it holds where a window is missing too, so the
 * line spans the whole range (a single window would otherwise draw no line at all). Each gap takes
 * the threshold of the window before it, and a leading gap the first one known.
 */
function fillThresholds(thresholds: (number | null)[]): void {
  let last = thresholds.find((t) => t !== null) ?? null;
  for (let i = 0; i < thresholds.length; i++) {
    if (thresholds[i] === null) thresholds[i] = last;
    else last = thresholds[i]!;
  }
}

/** The top of the y axis: the largest effect or threshold with headroom, so the line is never at the edge. */
export function effectAxisMax(series: ColumnDriftSeries): number {
  let max = 0;
  for (const value of [...series.effects, ...series.thresholds]) if (value !== null && value > max) max = value;
  if (max <= 0) return 0.2;
  return Math.ceil(max * 1.15 * 20) / 20;
}

/** The key of the window nearest to a clicked index; undefined when the range has none. */
export function nearestWindowKey(series: ColumnDriftSeries, index: number): string | undefined {
  for (let offset = 0; offset < series.windowKeys.length; offset++) {
    for (const i of [index - offset, index + offset]) {
      const key = series.windowKeys[i];
      if (key !== undefined) return key;
    }
  }
  return undefined;
}
