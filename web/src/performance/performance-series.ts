import type { DeploymentPerformance, ModelRef, PerformanceWindow } from '../api/performance-types.ts';

/**
 * A chosen metric of a chosen version over time, for the performance chart: realised (from labels)
 * and estimated (before labels) side by side, the estimate's sampling band, the alert bounds, and
 * the share of the window's predictions that have a label, which says how far to trust `realised`.
 */

export const versionKey = (model: ModelRef): string => `${model.name}:${model.version}`;

/** Every version with a window in the range, newest version first (a canary above its champion). */
export function versionsOf(windows: readonly PerformanceWindow[]): ModelRef[] {
  const seen = new Map<string, ModelRef>();
  for (const w of windows) seen.set(versionKey(w.model), w.model);
  return [...seen.values()].sort((a, b) => (a.name === b.name ? b.version - a.version : a.name.localeCompare(b.name)));
}

/** The version the page opens on: the one whose reference estimates, else the one in the newest window. */
export function defaultVersion(answer: DeploymentPerformance): string | undefined {
  const keys = new Set(answer.windows.map((w) => versionKey(w.model)));
  if (answer.estimation && keys.has(versionKey(answer.estimation.model))) return versionKey(answer.estimation.model);
  const newest = [...answer.windows].sort((a, b) => Date.parse(b.start) - Date.parse(a.start) || b.rows - a.rows)[0];
  return newest && versionKey(newest.model);
}

/**
 * The order metrics are offered in: what a reader looks at first. Names the server adds later go
 * after these, alphabetically, so a new metric shows up without a change here.
 */
const METRIC_ORDER = [
  'accuracy',
  'roc_auc',
  'f1',
  'precision',
  'recall',
  'specificity',
  'balanced_accuracy',
  'average_precision',
  'log_loss',
  'brier_score',
  'mae',
  'rmse',
  'mape',
  'r2',
  'median_absolute_error',
];

const rank = (name: string) => {
  const i = METRIC_ORDER.indexOf(name);
  return i < 0 ? METRIC_ORDER.length : i;
};

export interface OfferedMetric {
  readonly name: string;
  /** In how many windows the metric was estimated, and realised. */
  readonly estimatedWindows: number;
  readonly realizedWindows: number;
}

/** The metrics any window of the version carries a value for, in reading order. */
export function offeredMetrics(windows: readonly PerformanceWindow[], version: string | undefined): OfferedMetric[] {
  const counts = new Map<string, { estimated: number; realized: number }>();
  for (const w of windows) {
    if (versionKey(w.model) !== version) continue;
    for (const [name, value] of Object.entries(w.metrics)) {
      const c = counts.get(name) ?? { estimated: 0, realized: 0 };
      if (value.estimated !== null) c.estimated++;
      if (value.realized !== null) c.realized++;
      counts.set(name, c);
    }
  }
  return [...counts]
    .filter(([, c]) => c.estimated + c.realized > 0)
    .map(([name, c]) => ({ name, estimatedWindows: c.estimated, realizedWindows: c.realized }))
    .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** Opens on the first metric in reading order that is both estimated and realised somewhere, else the first offered. */
export function defaultMetric(offered: readonly OfferedMetric[]): string | undefined {
  return (offered.find((m) => m.estimatedWindows > 0 && m.realizedWindows > 0) ?? offered.find((m) => m.estimatedWindows > 0) ?? offered[0])
    ?.name;
}

/** Metrics where a smaller value is better: an alert below the lower bound is then good news, but still an alert. */
export function lowerIsBetter(metric: string): boolean {
  return ['log_loss', 'brier_score', 'mae', 'rmse', 'mape', 'median_absolute_error'].includes(metric);
}

/** How many sampling errors the band spans on each side of the estimate (NannyML draws ±3σ). */
export const BAND_SIGMAS = 3;

export interface PerformanceSeries {
  readonly metric: string;
  /** Window starts in Unix seconds, one per window of the range (uPlot's x values). */
  readonly times: number[];
  readonly end: number;
  readonly realized: (number | null)[];
  readonly estimated: (number | null)[];
  /** estimated ± BAND_SIGMAS × sampling error: where the realised value should fall if the estimate is right. */
  readonly bandLower: (number | null)[];
  readonly bandUpper: (number | null)[];
  /** The alert bounds (from the reference's chunks): an estimate outside them raises an alert. */
  readonly alertLower: (number | null)[];
  readonly alertUpper: (number | null)[];
  /** The estimate (or, without one, the realised value) where the window alerted; null elsewhere. */
  readonly alerts: (number | null)[];
  /** labelled_rows / rows per window, null where the version had no window. */
  readonly labelledShare: (number | null)[];
  readonly rows: (number | null)[];
  readonly labelledRows: (number | null)[];
  readonly estimatedWindows: number;
  readonly realizedWindows: number;
  readonly alertWindows: number;
}

export function performanceSeries(answer: DeploymentPerformance, version: string | undefined, metric: string): PerformanceSeries {
  const step = answer.window_ms;
  const from = Date.parse(answer.from);
  const to = Date.parse(answer.to);
  const starts: number[] = [];
  // A malformed answer (no window length, a range backwards) gives no points rather than a loop without end.
  if (step > 0 && Number.isFinite(from) && Number.isFinite(to)) for (let t = from; t < to; t += step) starts.push(t);
  const index = new Map(starts.map((t, i) => [t, i]));
  const empty = () => starts.map((): number | null => null);
  const series = {
    realized: empty(),
    estimated: empty(),
    bandLower: empty(),
    bandUpper: empty(),
    alertLower: empty(),
    alertUpper: empty(),
    alerts: empty(),
    labelledShare: empty(),
    rows: empty(),
    labelledRows: empty(),
  };
  let estimatedWindows = 0;
  let realizedWindows = 0;
  let alertWindows = 0;
  for (const w of answer.windows) {
    if (versionKey(w.model) !== version) continue;
    const i = index.get(Date.parse(w.start));
    // A window off the grid (another length, outside the range) has no point to land on.
    if (i === undefined) continue;
    series.rows[i] = w.rows;
    series.labelledRows[i] = w.labelled_rows;
    series.labelledShare[i] = w.rows > 0 ? w.labelled_rows / w.rows : null;
    const value = w.metrics[metric];
    if (value === undefined) continue;
    series.realized[i] = value.realized;
    series.estimated[i] = value.estimated;
    if (value.estimated !== null && value.sampling_error !== null) {
      series.bandLower[i] = value.estimated - BAND_SIGMAS * value.sampling_error;
      series.bandUpper[i] = value.estimated + BAND_SIGMAS * value.sampling_error;
    }
    series.alertLower[i] = value.lower;
    series.alertUpper[i] = value.upper;
    if (value.estimated !== null) estimatedWindows++;
    if (value.realized !== null) realizedWindows++;
    if (value.alert) {
      alertWindows++;
      series.alerts[i] = value.estimated ?? value.realized;
    }
  }
  // The alert bounds are settings of the reference, not measurements: they hold across gaps.
  carryAcross(series.alertLower);
  carryAcross(series.alertUpper);
  return {
    metric,
    times: starts.map((t) => t / 1000),
    end: to / 1000,
    ...series,
    estimatedWindows,
    realizedWindows,
    alertWindows,
  };
}

/** Each gap takes the value before it, a leading gap the first one known. */
function carryAcross(values: (number | null)[]): void {
  let last = values.find((v) => v !== null) ?? null;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null) values[i] = last;
    else last = values[i]!;
  }
}

/**
 * The y range of the chart: every value, band and bound, with a little headroom, clamped to [0, 1]
 * for metrics that live there (everything but the regression errors and R², which can go negative).
 */
export function metricAxisRange(series: PerformanceSeries): [number, number] {
  const values = [
    ...series.realized,
    ...series.estimated,
    ...series.bandLower,
    ...series.bandUpper,
    ...series.alertLower,
    ...series.alertUpper,
  ].filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return [0, 1];
  let low = Math.min(...values);
  let high = Math.max(...values);
  const pad = Math.max((high - low) * 0.1, 0.01);
  low -= pad;
  high += pad;
  if (isUnitMetric(series.metric)) {
    low = Math.max(0, low);
    high = Math.min(1, high);
  }
  return [low, high];
}

function isUnitMetric(metric: string): boolean {
  return !['mae', 'rmse', 'mape', 'r2', 'median_absolute_error', 'log_loss'].includes(metric);
}
